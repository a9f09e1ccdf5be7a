/** A problem with the nodes in words (app/cluster-health.ts): the overview's and the nodes view's banner. */
export function HealthBanner({ words, testId }: { words: { tone: 'warn' | 'bad'; title: string; lines: readonly string[] }; testId: string }) {
  return (
    <section className={`banner banner-${words.tone} health-banner`} role={words.tone === 'bad' ? 'alert' : 'status'} data-testid={testId} data-tone={words.tone}>
      <strong>{words.title}</strong>
      {words.lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </section>
  );
}
