"""Error messages from components/ are translated by their English shape."""

from runtime.i18n import use_language
from runtime.i18n.messages import translate_message


def test_the_most_specific_shape_wins_over_enter_label() -> None:
    """'Enter %(label)s' also matches a longer message (all of it taken as the label)."""
    with use_language("fr"):
        assert (
            translate_message("Enter Phone in the correct format, like 0912 345 678")
            == "Saisissez Phone au bon format, par exemple 0912 345 678"
        )
        assert translate_message("Enter Full name") == "Saisissez Full name"
    with use_language("vi"):
        assert translate_message("Upload a picture of your handwritten signature") == (
            "Tải lên ảnh chữ ký tay của bạn"
        )
