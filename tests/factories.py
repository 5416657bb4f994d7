"""factory_boy factories shared by the whole suite."""

import factory
from django.contrib.auth import get_user_model

from lms.models import LearnerCategory, LearnerProfile, OrganisationUnit, UnitKind

PASSWORD = "Demo@2026-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.gov.vn")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    """A root unit, or a child when `parent=` is given (treebeard needs add_root/add_child)."""

    class Meta:
        model = OrganisationUnit

    code = factory.Sequence(lambda n: f"UNIT-{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        instance = model_class(**kwargs)
        if parent is None:
            return model_class.add_root(instance=instance)
        parent.refresh_from_db()
        return parent.add_child(instance=instance)


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    category = LearnerCategory.CIVIL_SERVANT
