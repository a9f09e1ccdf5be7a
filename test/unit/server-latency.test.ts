import { describe, expect, it } from 'vitest';
import { parseInfo } from '../../electron/core/metrics/info-parser';
import { activeCommands, commandStatsLatency, commandTotalsOf, histogramLatency, latencyStatsOf, median, parseHistograms } from '../../electron/core/metrics/server-latency';

/** A LATENCY HISTOGRAM reply (RESP2) for these commands' cumulative buckets. */
function reply(commands: Record<string, [number, number][]>): unknown[] {
  return Object.entries(commands).flatMap(([name, buckets]) => [name, ['calls', buckets[buckets.length - 1]![1], 'histogram_usec', buckets.flat()]]);
}

describe('server latency from LATENCY HISTOGRAM and commandstats', () => {
  it('reads the interval percentiles from the difference of two cumulative histograms, bucket bounds in µs', () => {
    const before = parseHistograms(reply({ get: [[8, 100]], ping: [[4, 50]], set: [[16, 5]] }));
    // Since then: 98 GETs ≤ 8 µs, 1 ≤ 1024 µs, 1 ≤ 4096 µs; 10 PINGs (Cachescope's, not the mix).
    const now = parseHistograms(reply({ get: [[8, 198], [1024, 199], [4096, 200]], ping: [[4, 60]], set: [[16, 15]] }));
    const l = histogramLatency([now], [before])!;
    expect(l.source).toBe('histogram');
    expect(l.commands['get']).toEqual({ p50: 8, p99: 1024, p999: 4096, calls: 100 });
    expect(l.commands['set']).toEqual({ p50: 16, p99: 16, p999: 16, calls: 10 });
    expect(l.commands['ping']!.calls).toBe(10);
    expect(l.commands['mix']).toEqual({ p50: 8, p99: 1024, p999: 4096, calls: 110 });
  });

  it('has no interval without a previous reading, and skips a command never seen before or whose counts went down (a reset)', () => {
    const now = parseHistograms(reply({ get: [[8, 5]] }));
    expect(histogramLatency([now], [undefined])).toBeNull();
    expect(histogramLatency([now], [new Map()])!.commands['get']).toBeUndefined(); // its 5 calls may predate the interval
    const l = histogramLatency([now], [parseHistograms(reply({ get: [[8, 50]] }))])!;
    expect(l.commands['get']).toBeUndefined();
    expect(l.commands['mix']!.calls).toBe(0);
  });

  it('adds the primaries up per command', () => {
    const a0 = parseHistograms(reply({ get: [[8, 0]] }));
    const a1 = parseHistograms(reply({ get: [[8, 99]] }));
    const b0 = parseHistograms(reply({ get: [[8, 7]] }));
    const b1 = parseHistograms(reply({ get: [[8, 7], [2048, 8]] }));
    expect(histogramLatency([a1, b1], [a0, b0])!.commands['get']).toEqual({ p50: 8, p99: 8, p999: 2048, calls: 100 });
  });

  it('asks only for the commands of the applications that ran since the last INFO', () => {
    const totals = (calls: Record<string, number>) => new Map(Object.entries(calls).map(([k, c]) => [k, { calls: c, usec: c }]));
    expect(activeCommands(totals({ get: 10, set: 5, info: 9, 'client|list': 2, hset: 1 }), totals({ get: 4, set: 5, info: 3, hset: 0 }))).toEqual(['get', 'hset']);
  });

  it('older servers: usec per call over the interval, a mean in every percentile', () => {
    const info = (calls: number, usec: number) => parseInfo(`# Commandstats\r\ncmdstat_get:calls=${calls},usec=${usec},usec_per_call=1.00\r\ncmdstat_info:calls=${calls},usec=${usec * 10}\r\n`);
    const l = commandStatsLatency([commandTotalsOf(info(30, 500))], [commandTotalsOf(info(10, 100))])!;
    expect(l.source).toBe('commandstats');
    expect(l.commands['get']).toEqual({ p50: 20, p99: 20, p999: 20, calls: 20 });
    expect(l.commands['mix']).toEqual({ p50: 20, p99: 20, p999: 20, calls: 20 }); // INFO is Cachescope's
  });

  it('parses INFO latencystats, and the median of the round trips', () => {
    const info = parseInfo('# Latencystats\r\nlatency_percentiles_usec_get:p50=5.023,p99=32.127,p99.9=40.191\r\nlatency_percentiles_usec_client|list:p50=1,p99=2,p99.9=3\r\n');
    expect(latencyStatsOf(info)).toEqual({ get: { p50: 5.023, p99: 32.127, p999: 40.191 }, 'client|list': { p50: 1, p99: 2, p999: 3 } });
    expect(latencyStatsOf(parseInfo('# Stats\r\ntotal_commands_processed:1\r\n'))).toBeUndefined();
    expect(median([9.9, 0.3, 0.31, 0.85, 0.29])).toBe(0.31);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
});
