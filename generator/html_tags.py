"""How a tag's attributes are read, as HTML's tokenizer reads them: one pattern for the audit's link
check and the search index, so both see the same tags in a page.

Attributes are separated by whitespace or "/", or follow a quoted value directly
(`href="x"onclick="y"` is a parse error, and still two attributes). The group
holds the attributes' text; the pattern ends with the tag's `>`.
"""

TAG_ATTRS = r"((?:(?:[\s/]+|(?<=[\"']))[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)[\s/]*>"
