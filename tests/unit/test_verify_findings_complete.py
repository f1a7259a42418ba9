"""Every finding the verification code can put in a /verify report is translated.

The page translates findings by their English shape (runtime/verification/findings.py);
a sentence added to runtime/sealing/verify.py without an entry there would stay English
on a French page. So the sentences are collected from the code itself: each string (or
f-string, its parts standing for any value) that the report's findings are built from must
match an entry, and read differently in French.
"""

import ast
from pathlib import Path

import pytest

from runtime.i18n import use_language
from runtime.verification.findings import finding_words

ROOT = Path(__file__).resolve().parents[2]
#: the modules whose sentences reach `report["reasons"]`, and the functions in them that
#: word something else (the CLI's own lines, the page's table rows, log text)
SOURCES = {
    "runtime/sealing/verify.py": set(),
    "runtime/sealing/validation.py": {"quiet_pyhanko"},  # the seal level's note
    "runtime/sealing/changes.py": set(),
    "runtime/sealing/signature_list.py": set(),
    "runtime/verification/service.py": {
        "describe",
        "verify_bytes",
        "records_words",
        "_chain_words",
    },
}
PART = "X1"  # what an f-string's value is replaced with


def _text(node: ast.AST, names: dict[str, str]) -> str | None:
    """A string expression as a sample sentence: "+" joined, names of module constants
    resolved, each f-string value as PART; None when it is not one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [
            _text(value, names) if isinstance(value, ast.Constant) else PART
            for value in node.values
        ]
        return "".join(p or "" for p in parts)
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, names), _text(node.right, names)
        return left + right if left is not None and right is not None else None
    return None


def _sentences(path: str, skipped: set[str]) -> set[str]:
    tree = ast.parse((ROOT / path).read_text())
    names: dict[str, str] = {}
    found: set[str] = set()
    for statement in tree.body:  # module constants: CHANGED, NOT_OURS, CERT_PROBLEMS
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            value = _text(statement.value, names)
            if isinstance(target, ast.Name) and value is not None:
                names[target.id] = value
            if isinstance(statement.value, ast.Dict):
                found.update(v for v in (_text(x, names) for x in statement.value.values) if v)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.name in skipped:
                return
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]  # the docstring
            for child in body:
                visit(child)
            return
        text = _text(node, names)
        if text is not None and not isinstance(node, ast.Name):
            found.add(text)
            return  # not its parts
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            visit(statement)
    # a finding is a sentence: a capital at the start, a full stop at the end
    return {t.strip() for t in found if t.strip()[:1].isupper() and t.strip().endswith(".")}


def _all_sentences() -> list[str]:
    return sorted(s for path, skipped in SOURCES.items() for s in _sentences(path, skipped))


def test_the_sentences_are_found() -> None:
    sentences = _all_sentences()
    assert len(sentences) > 30
    assert "The seal is valid: the document is unchanged since it was sealed." in sentences


@pytest.mark.parametrize("sentence", _all_sentences())
def test_every_finding_has_a_translation(sentence: str) -> None:
    with use_language("fr"):
        french = finding_words(sentence)
    assert french != sentence, f"no entry in runtime/verification/findings.py: {sentence}"
    assert PART in french or PART not in sentence  # the file's part is kept


def test_findings_name_this_service_not_this_instance() -> None:
    """A customer holding the PDF knows "this service" (as the page's rows and the CLI's
    certificate line say), not a "formseal instance": the trust findings said so."""
    sentences = _all_sentences()
    assert not [s for s in sentences if "instance" in s]
    assert (
        "The seal was not made by this service: its certificate does not chain to this "
        "service's certificate authority." in sentences
    )
    assert any("timestamp authority this service trusts" in s for s in sentences)
