"""The inspector: forms generated from the step registry, and the flow's own settings.

Public names: :class:`InspectorPanel` (the dock's widget), :class:`StepForm`,
:class:`FlowSettingsForm`, :class:`ProjectCatalog` (picker data loaded through the bridge).
"""

from designer.inspector.catalog import ProjectCatalog
from designer.inspector.flow_settings import FlowSettingsForm
from designer.inspector.panel import InspectorPanel
from designer.inspector.step_form import StepForm

__all__ = ["FlowSettingsForm", "InspectorPanel", "ProjectCatalog", "StepForm"]
