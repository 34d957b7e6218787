import pytest
from team_registers import make_team


@pytest.fixture
def team(postgres_server, server_dsn, tmp_path):
    """A team register on the test run's PostgreSQL server, with a manager's and three
    officers' logins; the laptops it makes are closed at the end."""
    made = make_team(postgres_server, server_dsn, tmp_path)
    yield made
    made.close()
