"""A live-server test case for browser journeys: a real Daphne with the real consumers."""

import re

import pytest
from channels.testing import ChannelsLiveServerTestCase
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from council.models import Member


class BrowserJourney(ChannelsLiveServerTestCase):
    serve_static = True

    @classmethod
    def setUpClass(cls):
        # The live server is a forked process: it must not inherit this process's pooled
        # PostgreSQL connections (both would talk over the same sockets and hang).
        for connection in connections.all():
            if hasattr(connection, "close_pool"):
                connection.close_pool()
        super().setUpClass()

    @pytest.fixture(autouse=True)
    def _browser(self, browser):
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        yield
        for context in self.contexts:
            context.close()

    def tablet_for(self, member: Member, *, service_workers: str = "block") -> Page:
        """A browser context logged in as `member` (session cookie, no login form)."""
        client = Client()
        client.force_login(member.user)
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport={"width": 1280, "height": 800},
            service_workers=service_workers,
        )
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": self.live_server_url,
                }
            ]
        )
        self.contexts.append(context)
        return context.new_page()

    def login_page(self, username: str, password: str) -> Page:
        context = self.browser.new_context(base_url=self.live_server_url, service_workers="block")
        self.contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        return page

    @staticmethod
    def wait_online(page: Page) -> None:
        # Not wait_for_function: the page's CSP forbids the eval it relies on.
        expect(page.locator("body")).to_have_attribute(
            "data-live-snapshots", re.compile(r"^[1-9]"), timeout=10_000
        )


def user_model():
    return get_user_model()
