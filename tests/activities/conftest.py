from tests.e2e.conftest import e2e_world, login, new_page, results_dir  # noqa: F401  (browser)
