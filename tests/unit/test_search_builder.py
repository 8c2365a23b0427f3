"""The search index's builder (index.TermsBuilder) against lunr's own Builder.

TermsBuilder is fed terms instead of text and skips what the empty pipeline leaves unused, to build
faster; every posting weight in the shards comes from it, so it must give lunr's index exactly: the
same terms numbered in the same order, the same postings, and the same field vectors, float for
float (compared with ==, not approximately), on the real site's documents.
"""

from __future__ import annotations

import pytest
from lunr.builder import Builder

from generator.pipeline import gather, model_site
from generator.publish.search.documents import build_documents
from generator.publish.search.index import TermsBuilder, build_index, document_terms
from generator.publish.search.tokenizer import BOOSTS, INDEX_FIELDS
from tests.helpers import ROOT


def lunr_index(documents: list[dict[str, list[str]]]):
    """The index lunr's Builder makes of the same terms (what build_index did before TermsBuilder)."""
    builder = Builder()
    builder.ref("id")
    for name in INDEX_FIELDS:
        builder.field(name, boost=BOOSTS[name])
    for ref, terms in enumerate(documents):
        builder.add({"id": str(ref), **terms})
    return builder.build()


def terms_index(documents: list[dict[str, list[str]]], queries: bool = True):
    builder = TermsBuilder(queries)
    builder.ref("id")
    for name in INDEX_FIELDS:
        builder.field(name, boost=BOOSTS[name])
    for ref, terms in enumerate(documents):
        builder.add_terms(str(ref), terms)
    return builder.build()


def assert_same_index(ours, theirs) -> None:
    assert list(ours.inverted_index) == list(theirs.inverted_index)  # term numbers follow this order
    assert ours.inverted_index == theirs.inverted_index
    assert list(ours.field_vectors) == list(theirs.field_vectors)
    assert {k: v.elements for k, v in ours.field_vectors.items()} == \
           {k: v.elements for k, v in theirs.field_vectors.items()}
    assert ours.fields == theirs.fields


@pytest.fixture(scope="module")
def site_docs():
    context = gather(ROOT / "site_config.yml")
    model_site(context)  # the pages' URLs, which the documents link to
    return build_documents(context, context.reference.synonyms)


@pytest.fixture(scope="module")
def site_terms(site_docs):
    return [document_terms(doc) for doc in site_docs]


def test_terms_builder_gives_lunrs_index_on_the_site_documents(site_docs, site_terms):
    assert len(site_terms) > 200
    theirs = lunr_index(site_terms)
    assert_same_index(terms_index(site_terms), theirs)
    assert_same_index(build_index(site_docs, queries=False), theirs)  # as shards.py builds it


def test_terms_builder_token_set_is_lunrs_and_only_built_for_queries(site_terms):
    theirs = lunr_index(site_terms)
    # (a TokenSet's str names its nodes by a global counter: compare the terms it accepts)
    assert sorted(terms_index(site_terms).token_set.to_list()) == sorted(theirs.token_set.to_list())
    assert terms_index(site_terms, queries=False).token_set is None


def test_terms_builder_matches_lunr_on_repeats_case_and_empty_fields():
    # A term repeated in a field, upper case (lunr keys terms by their lower case), a field empty in
    # every document (lunr never divides by its zero average length) and an empty document.
    documents = [
        {**{name: [] for name in INDEX_FIELDS}, "t": ["市场", "市场", "监管"], "e": ["Fire", "fire", "safety"]},
        {**{name: [] for name in INDEX_FIELDS}, "b": ["监管", "抽查"], "e": ["SAFETY"]},
        {name: [] for name in INDEX_FIELDS},
    ]
    assert_same_index(terms_index(documents), lunr_index(documents))
