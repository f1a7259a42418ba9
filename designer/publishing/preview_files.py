"""Attachment requests in the preview: nothing is uploaded (the preview stores nothing),
so a sample file stands in for what the signer will upload. A required request then
no longer stops the author at its step, and the steps, the review and the PDF after it
can be tried; the sample's type is the first the author accepts."""

from typing import Any

from components import Definition, Field, FieldError, get_component
from components.fields.attachment import _MEDIA_TYPES, accepted_types

SAMPLE_SIZE = 24_000  # reads "24 KB" (KB of 1,000 bytes)


def sample_reference(field: Field, number: int = 1) -> dict[str, Any]:
    """A file reference like the engine's, for a file of the first accepted type."""
    accepted = accepted_types(field)[0] if accepted_types(field) else ".pdf"
    if accepted.startswith("."):
        name = f"sample-{number}{accepted}"
        media = sorted(_MEDIA_TYPES.get(accepted, {"application/octet-stream"}))[0]
    elif accepted.endswith("/*"):
        media = "image/png" if accepted == "image/*" else accepted[:-1] + "sample"
        name = f"sample-{number}.png" if accepted == "image/*" else f"sample-{number}"
    else:
        name, media = f"sample-{number}", accepted
    return {
        "file_id": f"preview-sample-{number}",
        "name": name,
        "size": SAMPLE_SIZE,
        "sha256": "0" * 64,
        "content_type": media,
    }


def file_samples(definition: Definition) -> dict[str, Any]:
    """Every attachment request with its sample files (as many as it asks for at least),
    as preview.Sample values; a request no sample satisfies gets none."""
    from designer.publishing.preview import Sample

    samples = {}
    for _, f in definition.fields():
        component = get_component(f.component)
        if f.component != "attachment" or component is None:
            continue
        low = f.validation.get("min_files", 1)
        count = max(1, low if isinstance(low, int) else 1)
        try:
            value = component.clean([sample_reference(f, n) for n in range(1, count + 1)], f)
        except FieldError:
            continue
        samples[f.key] = Sample(value, component.display(value, f), value)
    return samples
