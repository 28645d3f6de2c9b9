from django import template

from gonghui.core.masks import mask_id, mask_mobile

register = template.Library()

register.filter("mask_id", mask_id)
register.filter("mask_mobile", mask_mobile)
