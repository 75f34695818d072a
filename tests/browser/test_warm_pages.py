"""The warm pages' promise (tests/browser/conftest.py): a page of a shared context starts with
the site's storage empty, whatever an earlier test of the module left there."""

from __future__ import annotations

import pytest

from tests.support.browser import empty_site_storage, new_logged_page

pytestmark = pytest.mark.browser


def test_a_new_warm_page_finds_the_sites_storage_empty(warm_context, base_url: str) -> None:
    earlier = new_logged_page(warm_context)
    earlier.goto(base_url + "sitemap.xml")
    earlier.evaluate("() => localStorage.setItem('econsec-left-over', 'x')")
    earlier.close()
    pg = new_logged_page(warm_context)
    empty_site_storage(pg, base_url)
    pg.goto(base_url + "sitemap.xml")
    assert pg.evaluate("() => localStorage.length") == 0
    # Without the emptying the value would still be there: the check can fail.
    pg.evaluate("() => localStorage.setItem('econsec-left-over', 'x')")
    again = new_logged_page(warm_context)
    again.goto(base_url + "sitemap.xml")
    assert again.evaluate("() => localStorage.getItem('econsec-left-over')") == "x"
