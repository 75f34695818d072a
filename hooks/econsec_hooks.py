"""MkDocs hooks: thin adapters from MkDocs events to functions in ``econsec.buildsupport``.

Keep logic out of this file: Zensical and other MkDocs successors ignore ``hooks:``, while the
package and its Markdown extension move with the site.
"""

from mkdocs.plugins import event_priority

from econsec import buildsupport


def on_config(config):
    return buildsupport.configure(config)


@event_priority(-50)  # after the search plugin writes its index, before offline wraps it (-100)
def on_post_build(config):
    buildsupport.post_build(config)
