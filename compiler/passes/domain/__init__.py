"""Domain checks, run in this order by `check_domain`; each reports and never raises."""
from recipec.compiler.passes.domain.check_budgets import check_budgets
from recipec.compiler.passes.domain.check_phases import check_phases
from recipec.compiler.passes.domain.check_prompts import check_prompts
from recipec.compiler.passes.domain.check_settings import check_settings
from recipec.compiler.passes.domain.check_templates import check_templates
from recipec.compiler.passes.domain.check_tokenizers import check_tokenizers
from recipec.compiler.passes.domain.check_weights import check_weights

DOMAIN_CHECKS = (
    check_settings,
    check_tokenizers,
    check_templates,
    check_weights,
    check_budgets,
    check_phases,
    check_prompts,
)
