"""Free text is untrusted: Markdown is rendered, then only safe HTML survives."""

from generator.render.markup import inline_html, markdown_html


def test_markdown_renders_emphasis_lists_and_links():
    html = str(markdown_html("Some **bold** and *em*.\n\n- one\n- two\n\n[site](https://example.com)"))
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">site</a>' in html


def test_script_tags_are_removed_with_their_content():
    html = str(markdown_html("Hello <script>alert('x')</script> world"))
    assert "<script" not in html and "alert" not in html
    assert "Hello" in html and "world" in html


def test_javascript_and_data_links_lose_their_href():
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"):
        html = str(markdown_html(f"[click]({url})"))
        assert "javascript:" not in html and "data:" not in html and "vbscript:" not in html
        assert "click" in html


def test_raw_html_event_handlers_and_unknown_tags_are_stripped():
    html = str(markdown_html('<img src=x onerror="alert(1)"><b onclick="x()">bold</b><iframe src="https://evil"></iframe>'))
    assert "onerror" not in html and "onclick" not in html
    assert "<img" not in html and "<iframe" not in html
    assert "bold" in html


def test_style_attributes_and_html_comments_do_not_survive():
    html = str(markdown_html('<p style="color:red">red</p>\n\n<!-- secret comment -->'))
    assert "style=" not in html and "<!--" not in html and "secret comment" not in html


def test_mailto_links_are_allowed():
    assert 'href="mailto:hello@example.com"' in str(markdown_html("[mail](mailto:hello@example.com)"))


def test_template_syntax_renders_literally():
    html = str(markdown_html("Use {{ config.secret }} and {% include 'x' %} or [[wiki link]]"))
    assert "{{ config.secret }}" in html
    assert "{% include 'x' %}" in html or "{% include &#39;x&#39; %}" in html
    assert "[[wiki link]]" in html


def test_headings_in_free_text_start_below_the_page_headings():
    html = str(markdown_html("# Big\n\n## Smaller"))
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


def test_empty_text_renders_nothing():
    assert str(markdown_html("")) == "" and str(markdown_html(None)) == ""


def test_inline_html_drops_the_wrapping_paragraph():
    assert str(inline_html("Grow **sign-ups** 20%")) == "Grow <strong>sign-ups</strong> 20%"
