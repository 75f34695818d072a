"""MkDocs hooks: thin adapters from MkDocs events to functions in ``econsec.build.events``.

Keep logic out of this file: Zensical and other MkDocs successors ignore ``hooks:``, while the
package and its Markdown extension move with the site.
"""

from mkdocs.plugins import CombinedEvent, event_priority

from econsec.build import events


def on_config(config):
    return events.configure(config)


def on_page_markdown(markdown, page, **_):
    return events.mark_page(markdown, page)


@event_priority(-50)  # after the search plugin writes its index, before offline wraps it (-100)
def _post_build_assets(config):
    events.post_build(config)


@event_priority(-150)  # after the offline plugin (-100) wrote search_index.js
def _post_build_last(config):
    events.finish(config)


on_post_build = CombinedEvent(_post_build_assets, _post_build_last)
