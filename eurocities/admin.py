"""Previews of the content pages composed here (topic, working group and city pages).

The admins live in `content`, which does not depend on this app; the preview
functions are handed to them from here (see content/admin_preview.py).
"""

from django.contrib import admin

from content.models import City, Theme, WorkingGroup

from .views import city_page, topic_preview, working_group_page

admin.site.get_model_admin(Theme).preview_view = topic_preview
admin.site.get_model_admin(WorkingGroup).preview_view = working_group_page
admin.site.get_model_admin(City).preview_view = city_page
