"""How a required-answer message names its question, so it reads well for any label.

Authors write labels two ways: as a noun ("Full name", "Loan amount") or as a question
("What is the loan for?", "Are you borrowing as a company?"). "Enter full name" reads
well; "Enter What is the loan for?" does not. A label that ends in a question mark is a
question: its message asks for an answer and quotes it ("Answer “What is the loan for?”").
So is a label that is an instruction ("Describe the incident", "Please list your
debts", "Décrivez l'incident"), recognised by its first word: "Enter Describe the
incident" reads no better. Any other label keeps the short imperative form. A message that starts with the label
("… must be a number") starts with "The answer to “What is the loan for?”" instead
(`as_subject`), and one that asks to enter it in some form says "Enter your answer to
“…?” in the correct format" (`as_object`). The English shapes are matched and
translated by runtime/i18n/messages.py, which knows both.
"""

import contextvars
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

#: ASCII, full-width (Chinese, Japanese) and Arabic question marks
QUESTION_MARKS = ("?", "\uff1f", "\u061f")


def is_question(label: str) -> bool:
    return label.strip().endswith(QUESTION_MARKS)


#: first words of a label that tells the signer what to do rather than naming the answer,
#: in the languages formseal speaks (English, French, Malay, Vietnamese, Chinese)
INSTRUCTION_WORDS = frozenset(
    """
    add attach briefly choose confirm describe enter explain give include
    indicate let mention outline pick please provide select specify summarise
    summarize tell tick upload write
    ajoutez choisissez cochez confirmez décrivez donnez expliquez indiquez
    joignez listez merci mentionnez précisez sélectionnez téléversez écrivez
    énumérez veuillez
    berikan huraikan jelaskan lampirkan masukkan nyatakan pilih sila senaraikan
    tandakan terangkan tuliskan
    hãy xin nhập chọn nêu điền
    """.split()  # noqa: SIM905 - a word list reads better as words
)

#: the same for instructions of two words (Vietnamese) or without spaces (Chinese)
INSTRUCTION_STARTS = (
    *("mô tả", "cho biết", "tải lên", "liệt kê", "giải thích", "vui lòng", "đính kèm"),
    *("muat naik", "请", "請", "描述", "说明", "說明", "列出", "填写", "填寫", "上传", "上傳"),
)


def is_instruction(label: str) -> bool:
    """True for a label such as "Describe the incident" or "Please list your debts"."""
    text = label.strip().casefold()
    if text.startswith(INSTRUCTION_STARTS):
        return True
    first = text.split(maxsplit=1)[0] if text else ""
    return first.strip(",.:;!").casefold() in INSTRUCTION_WORDS


def reads_as_sentence(label: str) -> bool:
    """A question or an instruction: a message quotes it rather than using it as a noun."""
    return is_question(label) or is_instruction(label)


def asks_for(label: str, noun_form: str, question_form: str) -> str:
    """`noun_form` ("Enter {label}") for a noun label, its first letter lowered as inside
    any sentence (`in_sentence`), `question_form` ("Answer “{label}”") for a question or an
    instruction, quoted as written."""
    if reads_as_sentence(label):
        return question_form.format(label=label)
    return noun_form.format(label=in_sentence(label))


#: how a message that starts with a question label names it (runtime/i18n/messages.py
#: translates this shape, then the rest of the message)
ANSWER_TO = "The answer to “{label}”"


def as_subject(label: str) -> str:
    """The label as the start of a message ("Full name must be …"); a question becomes
    "The answer to “What is the loan for?”", as "What is the loan for? must be …" reads
    badly."""
    return ANSWER_TO.format(label=label) if reads_as_sentence(label) else label


#: the same inside a sentence, where the label is what to enter
YOUR_ANSWER_TO = "your answer to “{label}”"


def as_object(label: str) -> str:
    """The label as what to enter ("Enter email in the correct format"); a question becomes
    "your answer to “What is your email?”"."""
    return YOUR_ANSWER_TO.format(label=label) if reads_as_sentence(label) else in_sentence(label)


# A noun label inside a sentence ("Enter Email address in the correct format") reads as a
# mistake with its capital: its first letter is lowered when that is safe. The whole rule is
# `in_sentence`'s docstring (and docs/authoring.md, "Labels inside a message"). Not in a
# language whose sentences keep a label's capital (set by runtime/i18n: Chinese has none to
# lower, and German nouns keep theirs). The language is the one the label is written in, the
# template's (`labels_from`), not the page's.

_keeps_case: Callable[[str | None], bool] = lambda language: False  # noqa: E731 - use_label_case


def use_label_case(keeps_case: Callable[[str | None], bool]) -> None:
    """Install whether labels written in a language (None: not known, the current one)
    keep their first capital mid-sentence."""
    global _keeps_case
    _keeps_case = keeps_case


class LabelSource:
    """The template the labels being worded come from: the language they are written in,
    and the words its text writes with a capital mid-sentence (its names), found the first
    time a label needs them."""

    def __init__(self, language: str | None, texts: Callable[[], Iterable[str]]) -> None:
        self.language = language
        self._texts = texts
        self._names: frozenset[str] | None = None

    @property
    def names(self) -> frozenset[str]:
        if self._names is None:
            self._names = names_in(self._texts())
        return self._names


_source: contextvars.ContextVar[LabelSource | None] = contextvars.ContextVar(
    "formseal_label_source", default=None
)


def set_labels_from(source: LabelSource | None) -> None:
    """Word labels as written in `source`'s template for the rest of this request or task
    (as runtime.i18n.set_language does for the page's language)."""
    _source.set(source)


@contextmanager
def labels_from(source: LabelSource | None) -> Iterator[None]:
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


#: where a sentence ends (a word after it may be capitalised for that alone)
_SENTENCE_END = re.compile(r"[.!?:;\n\u3002\uff01\uff1f]")
#: a document's HTML: a block's edge ends a sentence, an inline tag does not; a merge field
#: stands for a word (an answer)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|li|ul|ol|br|h[1-6]|tr|td|th|table|blockquote)\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>]*>")
_MERGE_FIELD = re.compile(r"\{\{[^}]*\}\}")
_WORD_EDGES = "\"'“”‘’«»()[]{},*_"


def _bare(word: str) -> str:
    """A word without the quotes and commas around it, nor a possessive ("Acme’s")."""
    word = word.strip(_WORD_EDGES + ".!?:;")
    for possessive in ("'s", "’s"):
        word = word.removesuffix(possessive)
    return word


def names_in(texts: Iterable[str]) -> frozenset[str]:
    """Words written with a capital in the middle of a sentence ("between Acme and you"):
    names, or terms the author capitalises ("the Customer"). The first word of a sentence,
    a line or a label tells nothing."""
    names = set()
    for text in texts:
        plain = _TAG.sub("", _BLOCK_TAG.sub("\n", _MERGE_FIELD.sub(" x ", text or "")))
        for sentence in _SENTENCE_END.split(html.unescape(plain)):
            if _title_case(sentence.split()):  # "Date Of Birth": capitals of style, no names
                continue
            for word in sentence.split()[1:]:
                bare = _bare(word)
                if bare[:1].isupper():
                    names.add(bare)
    return frozenset(names)


def _capitalised(word: str) -> bool:
    """ "Acme", "Ltd": a capital followed by lower-case letters (a name or Title Case)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and letters[0].isupper() and not any(c.isupper() for c in letters[1:])


#: short words Title Case leaves in lower case ("Date of Birth", "Terms and Conditions")
FUNCTION_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or per the to via vs with".split()  # noqa: SIM905 - a word list reads better as words
)


def _first_letter(word: str) -> str:
    """The first letter of `word`, past any punctuation ("(Optional)" -> "O"); "" if none."""
    return next((c for c in word if c.isalpha()), "")


def _title_case(words: list[str]) -> bool:
    """ "Full Name", "Date of Birth", "VAT Number", "Your iPhone Number": two or more words
    start with a capital and every other word with letters is a short function word in
    lower case ("of", "and") or a proper form with a capital inside ("iPhone", "eID").
    Words without letters ("2", "-") do not count, nor punctuation before a word
    ("(Optional) Notes")."""
    capitals = 0
    for word in words:
        first = _first_letter(word)
        if not first:
            continue
        if first.isupper():
            capitals += 1
        elif _bare(word).casefold() not in FUNCTION_WORDS and not _capital_inside(word):
            return False
    return capitals > 1


def _capital_inside(word: str) -> bool:
    """ "iPhone", "McKenzie", "IBAN": a capital after the first letter (an acronym or a
    proper form, written as its owner writes it)."""
    letters = [c for c in word if c.isalpha()]
    return any(c.isupper() for c in letters[1:])


def _lowered(word: str) -> str:
    """`word` with its first letter in lower case ("(Optional)" -> "(optional)")."""
    at = next(i for i, c in enumerate(word) if c.isalpha())
    return word[:at] + word[at].lower() + word[at + 1 :]


def _in_title_case(label: str, names: frozenset[str]) -> str:
    """A Title Case label inside a sentence: each capitalised word lowered ("Date of Birth"
    -> "date of birth") but for acronyms and words with a capital inside ("VAT Number" ->
    "VAT number", "McKenzie"), the pronoun "I", and the template's names ("Acme Contract
    Number" -> "Acme contract number" where the template writes "between Acme and you")."""
    parts = re.split(r"(\s+)", label)
    return "".join(
        _lowered(part)
        if _capitalised(part) and _bare(part) not in names and _bare(part) not in _I
        else part
        for part in parts
    )


#: the pronoun, which keeps its capital
_I = ("I", "I'm", "I’m")


def in_sentence(label: str) -> str:
    """A noun label as it reads inside a sentence ("Enter email address"). The first letter
    is lowered when that is safe; punctuation before it does not count ("(Optional) notes"
    -> "(optional) notes"). It is kept when the label is a question or an instruction
    (quoted as written), its first word with letters is "I", a single letter ("X"), an acronym or has a
    capital inside ("IBAN", "VAT number", "McKenzie file", "iPhone"), another word is
    capitalised ("Acme Ltd contract": the author chose the capitals), or the first word is a
    name of the template (`LabelSource.names`: "… between Acme and you").

    Title Case is style, not names: when two or more words are capitalised and the others
    are short function words ("of", "and", `FUNCTION_WORDS`) or proper forms, every
    capitalised word is lowered ("Date of Birth" -> "date of birth", "Full Name" ->
    "full name") except acronyms and capitals inside a word ("VAT Number" -> "VAT number",
    "Your iPhone Number" -> "your iPhone number"), "I", and the template's names."""
    words = label.split()
    source = _source.get()
    if not words or _keeps_case(source.language if source else None):
        return label
    if reads_as_sentence(label):
        return label
    first = next((word for word in words if _first_letter(word)), "")  # past "-", "1."
    letters = [c for c in first if c.isalpha()]
    if not letters or not letters[0].isupper() or _bare(first) in _I:
        return label
    if _title_case(words):  # Full Name, Date of Birth, VAT Number, (Optional) Notes
        return _in_title_case(label, source.names if source is not None else frozenset())
    rest = words[words.index(first) + 1 :]
    if not rest and len(letters) == 1:  # "X": a name of its own
        return label
    if _capital_inside(first):  # IBAN, VAT, PDF, McKenzie
        return label
    if any(_capitalised(word) for word in rest):  # Acme Ltd contract
        return label
    if source is not None and _bare(first) in source.names:  # "… between Acme and you"
        return label
    at = label.index(first)
    return label[:at] + _lowered(first) + label[at + len(first) :]


# Words and dates in displayed answers ("Yes", "1 February 2027"). components/ knows no
# language: it words them in English, and runtime/i18n installs the current language's
# wording (use_wording), so the review step and the sealed PDF show "Có" and
# "1 tháng 2, 2027" in a Vietnamese document.


def _english_date(day: dt.date) -> str:
    return day.strftime("%d %B %Y").lstrip("0")


_word: Callable[[str], str] = str
_date: Callable[[dt.date], str] = _english_date


def use_wording(word: Callable[[str], str], date: Callable[[dt.date], str]) -> None:
    """Install how a fixed word ("Yes", "No") and a long date are worded."""
    global _word, _date
    _word, _date = word, date


def word(text: str) -> str:
    """A fixed English word of a displayed answer, in the current language."""
    return _word(text)


def worded(template: str, **params: str) -> str:
    """A fixed English phrase with `%(name)s` parts ("Signed: %(name)s"), in the current
    language, its parts filled in."""
    return _word(template) % params


def long_date(day: dt.date) -> str:
    """A date as people read it ("1 February 2027" in English)."""
    return _date(day)
