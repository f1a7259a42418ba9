"""Error messages from components/ are translated by their English shape."""

import datetime as dt

import pytest

from components import get_component
from components.definition import Field
from components.errors import FieldError
from runtime.i18n import use_language
from runtime.i18n.messages import translate_message


def test_the_most_specific_shape_wins_over_enter_label() -> None:
    """'Enter %(label)s' also matches a longer message (all of it taken as the label)."""
    with use_language("fr"):
        assert (
            translate_message("Enter Phone in the correct format, like 0912 345 678")
            == "Saisissez «\u00a0Phone\u00a0» au bon format, par exemple 0912 345 678"
        )
        assert translate_message("Enter Full name") == "Saisissez «\u00a0Full name\u00a0»"
    with use_language("vi"):
        assert translate_message("Upload a picture of your handwritten signature") == (
            "Tải lên ảnh chữ ký tay của bạn"
        )


def test_a_repeating_groups_messages_in_every_language() -> None:
    """components/fields/group.py words "Add at least 2 directors" and "Director 2: Enter
    Name"; each language says it without inflecting the author's noun."""
    expected = {
        "fr": (
            "Ajoutez au moins 2 lignes\u00a0: «\u00a0director\u00a0»",
            "Ajoutez au maximum 1 ligne",
            "Ligne 2\u00a0: Saisissez «\u00a0Name\u00a0»",
        ),
        "ms": (
            "Tambah sekurang-kurangnya 2 “director”",
            "Tambah tidak lebih daripada 1 baris",
            "Baris 2: Masukkan “Name”",
        ),
        "vi": ("Thêm ít nhất 2 “director”", "Thêm tối đa 1 dòng", "Dòng 2: Nhập “Name”"),
        "zh_CN": ("请至少添加 2 个“director”", "最多添加 1 行", "行 2：请输入“Name”"),
    }
    for language, (at_least, at_most, in_row) in expected.items():
        with use_language(language):
            assert translate_message("Add at least 2 directors") == at_least
            assert translate_message("Add no more than 1 row") == at_most
            # a row's problem keeps its heading, even where a label shape would match too
            assert translate_message("Row 2: Enter Name") == in_row
            assert not translate_message("Row 2: Name must be a number").startswith("Row")


def test_file_sizes_in_messages_take_the_languages_unit() -> None:
    with use_language("fr"):
        assert translate_message("The selected file must be smaller than 1.5 MB") == (
            "Le fichier sélectionné doit faire moins de 1,5\u202fMo"
        )
    with use_language("vi"):
        assert translate_message("The selected file must be smaller than 10 MB").endswith("10 MB")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "200 KB"),
        ("ms", "200 KB"),
        ("vi", "200 KB"),
        ("zh-CN", "200 KB"),
        ("fr", "200\u202fko"),
    ],
)
def test_kilobytes_are_written_one_way_in_each_language(language: str, shown: str) -> None:
    """Not "200 kB" in Chinese, Malay and Vietnamese while English and the designer say KB."""
    from runtime.i18n.jinja import file_size

    with use_language(language):
        assert file_size(200_000) == shown
        message = translate_message("The selected file must be smaller than 200 KB")
        assert shown in message and "kB" not in message


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        ("en", "Start must be a real date, like {}"),
        ("fr", "«\u00a0Start\u00a0» doit être une date réelle, par exemple {}"),
        ("ms", "“Start” mestilah tarikh yang sah, seperti {}"),
        ("vi", "“Start” phải là ngày hợp lệ, ví dụ {}"),
        ("zh_CN", "“Start”必须是有效日期，例如 {}"),
    ],
    ids=["en", "fr", "ms", "vi", "zh_CN"],
)
def test_a_bad_dates_example_is_today_in_every_language(language: str, wording: str) -> None:
    """The example was a fixed 27/03/2026, soon a day long past; it is today, day first
    (the way the box also takes a date), so it reads sensibly whatever the day."""
    date = get_component("date")
    assert date is not None
    with pytest.raises(FieldError) as refused:
        date.clean("31/02/2027", Field(key="start", component="date", label="Start"))
    today = dt.date.today().strftime("%d/%m/%Y")
    with use_language(language):
        assert translate_message(refused.value.message) == wording.format(today)
