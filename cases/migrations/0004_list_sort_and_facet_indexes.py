"""Indexes that keep the case list's pages, facet counts and similar cases cheap at any size.

- One per sort of the list (name; start year; region; typology), each ending with the id, so the
  ids of a page, however deep, are read from the index alone (rallying/pagination.py).
- cases_case_dimensions_idx: every facet column of a case, narrow enough for the facet counts
  (cases/facets.py) and the similar cases' scores to read instead of the rows with their text.
- Each accountability and policy area link by (value, case), for the same counts and scores
  (findings_casefinding already has its unique (finding, case) index).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_search_document'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='cases_case_started_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='cases_case_name_idx',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['name', 'slug', 'id'], name='cases_case_name_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['started', 'name', 'slug', 'id'], name='cases_case_started_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['region', 'name', 'slug', 'id'], name='cases_case_region_sort_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['typology', 'name', 'slug', 'id'], name='cases_case_typology_sort_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['sector', 'region', 'typology', 'funding_model', 'permanence', 'typology_basis', 'id'], name='cases_case_dimensions_idx'),
        ),
        migrations.AddIndex(
            model_name='caseaccountability',
            index=models.Index(fields=['mode', 'case'], name='cases_caseacc_mode_case_idx'),
        ),
        migrations.AddIndex(
            model_name='casepolicyarea',
            index=models.Index(fields=['policy_area', 'case'], name='cases_casepol_area_case_idx'),
        ),
    ]
