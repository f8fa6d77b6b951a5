import pytest

from tests.smtp import mailbox  # noqa: F401  (a real SMTP server for mail tests)
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()
