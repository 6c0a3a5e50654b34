"""The flow canvas: scene, items, view, palette, overview, layout, clipboard and count overlay.

Entry points for the rest of the designer: :class:`designer.canvas.scene.FlowScene`,
:class:`designer.canvas.view.FlowView`, :class:`designer.canvas.palette.PaletteWidget`,
:class:`designer.canvas.minimap.OverviewWidget`, :class:`designer.canvas.counts_overlay.CountsOverlay`.
"""
