"""Small PDFs for the decision's signed copy: plain (a scan), with an empty signature field, or with a signature
dictionary as a signing tool writes it (the name, the time: what the app reads; the signature bytes are a
stand-in, the app does not verify certificates)."""
import io

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject


def make_pdf(signer: str | None = None, *, empty_field: bool = False, signed_at: str = "D:20260105093000+07'00'"
             ) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    if signer is not None or empty_field:
        field = DictionaryObject({
            NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject("Signature1"),
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        })
        if signer is not None:
            field[NameObject("/V")] = writer._add_object(DictionaryObject({
                NameObject("/Type"): NameObject("/Sig"), NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
                NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
                NameObject("/Name"): TextStringObject(signer), NameObject("/M"): TextStringObject(signed_at),
                NameObject("/Reason"): TextStringObject("Ký ban hành"),
            }))
        reference = writer._add_object(field)
        page[NameObject("/Annots")] = ArrayObject([reference])
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
            NameObject("/Fields"): ArrayObject([reference]), NameObject("/SigFlags"): NumberObject(3)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
