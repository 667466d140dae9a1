"""The chair's console on a running sitting (issue 18, points 8, 9, 10): one screen at
1280x800 and 1920x1080, a vote without quorum asks first, closing shows everywhere."""

from playwright.sync_api import Page, expect

from tests.e2e import busy_hall
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_tablet_reader import shoot

SIZES = {"tablet": {"width": 1280, "height": 800}, "hd": {"width": 1920, "height": 1080}}

# What the chair must see and reach without scrolling, each inside the viewport and not
# hidden inside a scrolled panel.
ESSENTIALS = {
    "current item": "#chair-controls .agenda-item.is-current",
    "previous item": "#chair-controls button:has-text('Previous item')",
    "next item": "#chair-controls button:has-text('Next item')",
    "close the vote": "#poll-controls button:has-text('Close the vote')",
    "live count": "#poll-tally .tally-cast",
    "speaker": "#speaker-queue .speaker-now .speaker-name",
    "timer": "#speaker-queue .speaker-now .timer",
    "pause the timer": "#speaker-queue [data-action=pause]",
    "first waiting": "#speaker-queue .speaker-row >> nth=0",
    "speaker's group": "#speaker-queue .speaker-group >> nth=0",
    "screens show": "#hall-console .screen-modes",
    "quorum": "#attendance .quorum-count",
}


def fully_visible(page: Page, selector: str) -> bool:
    """Inside the viewport and inside every scrolling ancestor's visible box."""
    return page.locator(selector).first.evaluate(
        """el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return false;
            const out = r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5;
            if (r.top < 0 || r.left < 0 || out)
                return false;
            for (let p = el.parentElement; p; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (!/(auto|scroll|hidden|clip)/.test(s.overflowY + s.overflowX)) continue;
                const b = p.getBoundingClientRect();
                if (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) return false;
            }
            return true;
        }"""
    )


class ChairConsoleJourney(BrowserJourney):
    def setUp(self):
        self.hall = busy_hall.build()

    def console(self, size: str) -> Page:
        page = self.tablet_for(self.hall.chair)
        page.set_viewport_size(SIZES[size])
        page.goto(f"/sittings/{self.hall.sitting.pk}/chair/")
        self.wait_online(page)
        return page

    def test_a_running_sitting_fits_one_screen_without_scrolling(self):
        for size, viewport in SIZES.items():
            page = self.console(size)
            shoot(page, f"chair-console-{size}")
            height = page.evaluate("document.scrollingElement.scrollHeight")
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert height <= viewport["height"], (size, height)
            assert width <= viewport["width"], (size, width)
            hidden = [name for name, sel in ESSENTIALS.items() if not fully_visible(page, sel)]
            assert not hidden, (size, hidden)


class ChairConsoleSafetyJourney(BrowserJourney):
    """Point 9 and 10: no quorum asks first; ending the sitting is apart and shows everywhere."""

    def setUp(self):
        # 50 of 95 present: a quorum of two thirds needs 64, so 14 are missing.
        self.hall = busy_hall.build(present=50, open_vote=False)

    def console(self) -> Page:
        page = self.tablet_for(self.hall.chair)
        page.goto(f"/sittings/{self.hall.sitting.pk}/chair/")
        self.wait_online(page)
        return page

    def test_opening_a_vote_without_quorum_asks_and_says_how_many_are_missing(self):
        page = self.console()
        asked: list[str] = []
        answer = {"accept": False}

        def on_dialog(dialog):
            asked.append(dialog.message)
            dialog.accept() if answer["accept"] else dialog.dismiss()

        page.on("dialog", on_dialog)
        row = page.locator("#poll-controls .poll-row").first
        row.get_by_role("button", name="Open the vote").click()
        expect(row).to_have_attribute("data-state", "draft")
        assert len(asked) == 1 and "14" in asked[0], asked
        assert "quorum" in asked[0]

        answer["accept"] = True
        row.get_by_role("button", name="Open the vote").click()
        expect(page.locator("#poll-controls .poll-row").first).to_have_attribute(
            "data-state", "open"
        )
        assert len(asked) == 2

    def test_end_the_sitting_is_apart_from_next_item_and_the_timer_labels_say_the_timer(self):
        page = self.console()
        next_item = page.get_by_role("button", name="Next item").bounding_box()
        end = page.get_by_role("button", name="End the sitting").bounding_box()
        gap = max(end["y"] - (next_item["y"] + next_item["height"]), 0)
        assert gap >= 120, (next_item, end)
        queue = page.locator("#speaker-queue")
        expect(queue.locator("[data-action=pause]")).to_have_text("Pause the timer")
        expect(queue.locator("[data-action=stop]")).to_have_text("Stop the timer")

    def test_ending_the_sitting_shows_on_the_screens_and_no_item_stays_current(self):
        screen = self.tablet_for(self.hall.screen)
        screen.set_viewport_size({"width": 1920, "height": 1080})
        screen.goto(f"/sittings/{self.hall.sitting.pk}/screen/")
        self.wait_online(screen)
        delegate = self.tablet_for(self.hall.delegates[10])
        delegate.goto(f"/sittings/{self.hall.sitting.pk}/")
        self.wait_online(delegate)
        expect(delegate.locator("#agenda .badge-current")).to_have_count(1)

        page = self.console()
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="End the sitting").click()

        expect(screen.locator("#screen-main")).to_have_attribute("data-state", "closed")
        expect(screen.locator("#screen-main h1")).to_have_text("The sitting is closed")
        expect(delegate.locator("#sitting-header [data-state]")).to_have_attribute(
            "data-state", "closed"
        )
        expect(delegate.locator("#agenda .badge-current")).to_have_count(0)
        expect(delegate.locator("#agenda [aria-current]")).to_have_count(0)
        expect(page.locator("#chair-controls .is-current")).to_have_count(0)
        shoot(screen, "screen-closed-1080p")
