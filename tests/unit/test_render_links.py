"""Every link in a page is relative, so a site works under any sub-path and from disk."""

from generator.render.links import html_url, relative_url


def test_a_page_links_to_its_campaign_overview_relatively():
    assert relative_url("spring-launch/approvals/storyboard-v2.md", "spring-launch/index.md") == "../index.html"


def test_links_from_the_home_page_go_down_into_folders():
    assert relative_url("index.md", "spring-launch/timeline.md") == "spring-launch/timeline.html"


def test_links_between_campaigns_go_up_then_down():
    assert relative_url("a/index.md", "b/decisions.md#decision-x") == "../b/decisions.html#decision-x"


def test_a_link_to_an_anchor_on_the_same_page_is_just_the_anchor():
    assert relative_url("a/index.md", "a/index.md#task-x") == "#task-x"


def test_files_keep_their_names_and_are_url_encoded():
    assert relative_url("a/work.md", "assets/a/final cut.mp4") == "../assets/a/final%20cut.mp4"


def test_no_link_is_absolute():
    for source in ("index.md", "a/index.md", "a/approvals/x.md"):
        for target in ("index.md", "search.md", "a/timeline.md", "assets/a/x.png"):
            url = relative_url(source, target)
            assert not url.startswith("/") and "://" not in url


def test_pages_are_served_as_html():
    assert html_url("a/index.md") == "a/index.html" and html_url("assets/x.png") == "assets/x.png"
