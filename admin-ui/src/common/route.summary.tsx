export function SkippedList({ skipped }: { skipped: Array<{ model: string; why: string }> | undefined }) {
  if (!skipped?.length) return null;
  return (
    <ul className="skipped" aria-label="Skipped models">
      {skipped.map((s) => (
        <li key={`${s.model}:${s.why}`}>
          <code>{s.model}</code>: {s.why}
        </li>
      ))}
    </ul>
  );
}
