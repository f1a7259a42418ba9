"""The public /verify page speaks the reader's language, as the signer's pages do: the one
chosen in its switcher (?language=…, carried to the report by the upload form), else the
browser's Accept-Language, else English; and it names the service's keys in words a
customer reads ("this service's current sealing key", not "our current key")."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import csrf_from


async def test_the_browsers_language_and_the_chosen_one(client: AsyncTestClient) -> None:
    french = (await client.get("/verify", headers={"Accept-Language": "fr-FR,fr;q=0.9"})).text
    assert '<html lang="fr">' in french
    assert "<h1>Vérifier un document scellé</h1>" in french
    assert "Téléversez un PDF scellé par ce service." in french
    assert "50\u202fMo maximum." in french  # the limit, in French units
    assert '<option value="fr" lang="fr" selected>' in french  # the switcher shows it

    chosen = await client.get("/verify?language=vi", headers={"Accept-Language": "fr"})
    assert '<html lang="vi">' in chosen.text and "Kiểm tra tài liệu" in chosen.text
    assert '<input type="hidden" name="language" value="vi">' in chosen.text

    english = (await client.get("/verify")).text
    assert '<html lang="en">' in english and "<h1>Check a sealed document</h1>" in english


async def test_the_report_and_its_refusals_come_in_the_pages_language(
    client: AsyncTestClient,
) -> None:
    token = csrf_from((await client.get("/verify")).text)
    empty = await client.post(
        "/verify",
        files={"file": ("", b"", "application/octet-stream")},
        data={"_csrf_token": token, "language": "fr"},
    )
    assert empty.status_code == 422
    assert "Choisissez un fichier PDF à vérifier." in empty.text

    report = await client.post(
        "/verify",
        files={"file": ("notes.txt", b"not a pdf", "text/plain")},
        data={"_csrf_token": token, "language": "fr"},
    )
    assert report.status_code == 200
    assert '<h1 class="panel__title">Vérification impossible</h1>' in report.text
    assert "Ce fichier n’est pas un PDF." in report.text
    assert "Rien n’a été vérifié dans <strong>notes.txt</strong>" in report.text
    assert '<a href="/verify?language=fr">Vérifier un autre document</a>' in report.text

    odd = await client.post(  # the file's name stays text inside the translated sentence
        "/verify",
        files={"file": ("<i>x</i>.txt", b"not a pdf", "text/plain")},
        data={"_csrf_token": token, "language": "fr"},
    )
    assert "<strong>&lt;i&gt;x&lt;/i&gt;.txt</strong>" in odd.text
