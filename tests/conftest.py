import pytest

from ercp_nlp.pipeline import build_pipeline


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()

