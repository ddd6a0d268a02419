import pytest

from ercp_nlp.pipeline import build_pipeline


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


def mentions(doc, label=None):
    return [m for m in doc.spans["ercp_mentions"] if label is None or m.label_ == label]
