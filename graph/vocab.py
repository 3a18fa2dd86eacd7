"""Namespaces and our own vocabulary terms; code never spells an IRI as a string.

The vocabulary namespace is fixed (it names the meaning of terms); the base
IRI of instances (documents, organisations, …) is configurable, see
:mod:`graph.iris`. The Turtle definition of these terms, the SHACL shapes
and the JSON-LD context live in ``graph/ontology/``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
VK = Namespace("https://vankien.example/vocab#")
DOCTYPE = Namespace("https://vankien.example/vocab/loai/")

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
VOCABULARY_FILE = ONTOLOGY_DIR / "vankien.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

PREFIXES = {
    "eli": str(ELI), "org": str(ORG), "schema": str(SCHEMA), "prov": str(PROV), "skos": str(SKOS),
    "foaf": str(FOAF), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL),
    "vk": str(VK), "loai": str(DOCTYPE),
}

# Extraction predicate → RDF property. Our sub-properties are declared in vankien.ttl.
RELATION_PROPERTIES = {
    "implements": VK.implements,
    "continues": VK.continues,
    "guides": VK.guides,
    "reviews": VK.reviews,
    "replaces": ELI.repeals,
    "amends": ELI.amends,
    "based_on": ELI.based_on,
    "cites": ELI.cites,
}

# Canonical document type → (slug of its concept, abbreviation, English label).
DOCUMENT_TYPES = {
    "Nghị quyết": ("nghi-quyet", "NQ", "Resolution"),
    "Nghị quyết liên tịch": ("nghi-quyet-lien-tich", "NQLT", "Joint resolution"),
    "Chỉ thị": ("chi-thi", "CT", "Directive"),
    "Kết luận": ("ket-luan", "KL", "Conclusion"),
    "Quy định": ("quy-dinh", "QĐi", "Regulation"),
    "Quyết định": ("quyet-dinh", "QĐ", "Decision"),
    "Đề án": ("de-an", "ĐA", "Project"),
    "Kế hoạch": ("ke-hoach", "KH", "Plan"),
    "Hướng dẫn": ("huong-dan", "HD", "Guideline"),
    "Hướng dẫn liên tịch": ("huong-dan-lien-tich", "HDLT", "Joint guideline"),
    "Thông báo": ("thong-bao", "TB", "Notice"),
    "Chương trình": ("chuong-trinh", "CTr", "Programme"),
    "Công văn": ("cong-van", "CV", "Official letter"),
    "Công điện": ("cong-dien", "CĐ", "Official dispatch"),
    "Báo cáo": ("bao-cao", "BC", "Report"),
    "Thông tri": ("thong-tri", "TT", "Circular (Party)"),
    "Tờ trình": ("to-trinh", "TTr", "Submission"),
    "Hiến pháp": ("hien-phap", "HP", "Constitution"),
    "Bộ luật": ("bo-luat", "BL", "Code"),
    "Luật": ("luat", "L", "Law"),
    "Pháp lệnh": ("phap-lenh", "PL", "Ordinance"),
    "Lệnh": ("lenh", "L", "Order"),
    "Sắc lệnh": ("sac-lenh", "SL", "Decree (historic)"),
    "Nghị định": ("nghi-dinh", "NĐ", "Decree"),
    "Thông tư": ("thong-tu", "TT", "Circular"),
    "Thông tư liên tịch": ("thong-tu-lien-tich", "TTLT", "Joint circular"),
    "Quy chế": ("quy-che", "QC", "Rules"),
    "Văn bản hợp nhất": ("van-ban-hop-nhat", "VBHN", "Consolidated text"),
    "Điều lệ": ("dieu-le", "ĐL", "Charter"),
    "Cương lĩnh": ("cuong-linh", "CL", "Platform"),
    "Văn bản": ("van-ban", "VB", "Document"),
}


def document_type_concept(type_name: str):
    """The SKOS concept of a canonical document type (unknown types are "Văn bản")."""
    slug = DOCUMENT_TYPES.get(type_name, DOCUMENT_TYPES["Văn bản"])[0]
    return DOCTYPE[slug]
