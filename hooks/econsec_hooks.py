"""MkDocs hooks: thin adapters from MkDocs events to functions in ``econsec.build.events``.

Keep logic out of this file: Zensical and other MkDocs successors ignore ``hooks:``, while the
package and its Markdown extension move with the site.
"""

from mkdocs.plugins import event_priority

from econsec.build import events


def on_config(config):
    return events.configure(config)


def on_page_markdown(markdown, page, **_):
    return events.mark_page(markdown, page)


@event_priority(-50)  # after the search plugin writes its index, before offline wraps it (-100)
def on_post_build(config):
    events.post_build(config)
