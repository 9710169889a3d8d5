"""Defer search and reference indexing to the end of a seed run.

A page is saved three times on its way to being published, and each save
updates the search index and Wagtail's reference index. Indexing every new
object once, in bulk, when the run is done makes the seed several times
faster and leaves the indexes exactly as a save-by-save run would.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Model
from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_indexing(new_objects: list[Model]) -> Iterator[None]:
    """Pause index updates on save; index ``new_objects`` when done."""
    models = [
        model
        for model in index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    index_objects(new_objects)


def index_objects(objects: list[Model]) -> None:
    """Add ``objects`` to the reference index and the search backends."""
    keys_by_model = defaultdict(list)
    for obj in objects:
        keys_by_model[type(obj)].append(obj.pk)
    for model, keys in keys_by_model.items():
        # Reload, because publishing saved other instances of the same pages.
        fresh = list(model._default_manager.filter(pk__in=keys))
        # Cluster children such as competences are not indexed on their own,
        # just as Wagtail's save handler skips them.
        if ReferenceIndex.is_indexed(model):
            for obj in fresh:
                ReferenceIndex.create_or_update_for_object(obj)
        if index.class_is_indexed(model):
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, fresh)
