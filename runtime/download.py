"""Downloads that also answer HEAD: `curl -I` and download managers ask HEAD first (the
size, the name, the type) and got a 405 from the API's downloads.

A download handler takes `http_method=GET_AND_HEAD` and returns a `Download`: on HEAD it
answers the headers a GET gives (Content-Type, Content-Disposition, Content-Length when
known) and no body, and the file is never read out. Litestar's own streaming response
leaves Content-Type out of a HEAD answer, and its handlers never tell it that the request
is a HEAD, hence this class rather than the plain `Stream`.
"""

from typing import Any

from litestar import Request
from litestar.enums import HttpMethod, MediaType
from litestar.response import Stream
from litestar.response.base import ASGIResponse
from litestar.utils.helpers import get_enum_string_value

GET_AND_HEAD = [HttpMethod.GET, HttpMethod.HEAD]


class Download(Stream):
    """A streamed download whose HEAD answer has the GET's headers and no body."""

    def to_asgi_response(  # type: ignore[override]
        self,
        app: Any,
        request: Request[Any, Any, Any],
        *,
        headers: dict[str, str] | None = None,
        media_type: MediaType | str | None = None,
        is_head_response: bool = False,
        **kwargs: Any,
    ) -> ASGIResponse:
        head = is_head_response or request.method == HttpMethod.HEAD
        if head:  # the type a GET says: Litestar sets it only when a body follows
            media = get_enum_string_value(media_type or self.media_type or MediaType.JSON)
            typed = f"{media}; charset={self.encoding}" if media.startswith("text/") else media
            headers = {**(headers or {}), "content-type": typed}
            self._close_unread()
        return super().to_asgi_response(
            app, request, headers=headers, media_type=media_type, is_head_response=head, **kwargs
        )

    def _close_unread(self) -> None:
        """The body is not sent: its iterator is dropped unread (a generator not started
        holds nothing open yet; one started is closed by the event loop when dropped)."""
        self.iterator = iter(())  # type: ignore[assignment]
