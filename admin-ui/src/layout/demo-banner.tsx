/** Shown on every page while only the mock provider can answer, so an empty model list is not a surprise. */
export function DemoBanner() {
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      Demo mode: only the built-in demo model answers. Set a provider key to reach real models.
    </div>
  );
}
