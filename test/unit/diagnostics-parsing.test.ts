import { describe, expect, it } from 'vitest';
import { MAX_ARG_CHARS, shortenArgs } from '../../electron/core/diagnostics/args';
import { groupClients, parseClientList } from '../../electron/core/diagnostics/clients';
import { commandMix, snapshotOf } from '../../electron/core/diagnostics/commandstats';

describe('slow log arguments, shortened', () => {
  it('shows values as their size only, keys and fields in full when short', () => {
    expect(shortenArgs(['SET', 'k', 'v'])).toEqual(['SET', 'k', '‹1 B›']);
    expect(shortenArgs(['SETEX', 'k', '60', 'value'])).toEqual(['SETEX', 'k', '60', '‹5 B›']);
    expect(shortenArgs(['HSET', 'h', 'f1', 'aa', 'f2', 'bbb'])).toEqual(['HSET', 'h', 'f1', '‹2 B›', 'f2', '‹3 B›']);
    expect(shortenArgs(['MSET', 'a', '1', 'b', '22'])).toEqual(['MSET', 'a', '‹1 B›', 'b', '‹2 B›']);
    expect(shortenArgs(['AUTH', 'user', 'pw'])).toEqual(['AUTH', '‹4 B›', '‹2 B›']);
  });

  it('cuts a long argument with its full size, counting the bytes Redis itself cut off', () => {
    const key = 'x'.repeat(100);
    expect(shortenArgs(['GET', key])).toEqual(['GET', `${'x'.repeat(MAX_ARG_CHARS)}…(100 B)`]);
    expect(shortenArgs(['GET', `${'y'.repeat(128)}... (72 more bytes)`])).toEqual(['GET', `${'y'.repeat(MAX_ARG_CHARS)}…(200 B)`]);
    expect(shortenArgs(['SET', 'k', `${'z'.repeat(128)}... (872 more bytes)`])).toEqual(['SET', 'k', '‹1000 B›']);
    expect(shortenArgs(['DEL', 'a', '... (5 more arguments)'])).toEqual(['DEL', 'a', '... (5 more arguments)']);
  });
});

describe('CLIENT LIST, grouped', () => {
  const text = [
    'id=3 addr=10.0.0.5:5001 laddr=127.0.0.1:6379 fd=8 name=api age=100 idle=5 flags=N db=0 omem=0 cmd=get',
    'id=4 addr=10.0.0.5:5002 laddr=127.0.0.1:6379 fd=9 name=api age=100 idle=9000 flags=N db=1 omem=2097152 cmd=set',
    'id=5 addr=10.0.0.6:5003 laddr=127.0.0.1:6379 fd=10 name= age=9000 idle=8000 flags=N db=0 omem=0 cmd=ping',
    'id=6 addr=127.0.0.1:5004 laddr=127.0.0.1:6379 fd=11 name=cachescope:poll age=1 idle=0 flags=N db=0 omem=0 cmd=info',
    '',
  ].join('\n');

  it('groups by name and host, flags unnamed, idle-for-hours and big output buffers, and never flags its own', () => {
    const groups = groupClients(parseClientList(text));
    expect(groups.map((g) => [g.name, g.host, g.connections, g.own])).toEqual([
      ['api', '10.0.0.5', 2, false],
      [null, '10.0.0.6', 1, false],
      ['cachescope:poll', '127.0.0.1', 1, true],
    ]);
    expect(groups[0]).toMatchObject({ dbs: [0, 1], cmds: ['get', 'set'], outputBufferBytes: 2097152, minIdleSec: 5, maxIdleSec: 9000 });
    expect(groups[0]!.flags.join(' | ')).toMatch(/^big output buffers/);
    expect(groups[1]!.flags.join(' | ')).toMatch(/^unnamed.*\| idle for hours: its connection has done nothing for at least 2 h$/);
    expect(groups[2]!.flags).toEqual([]);
  });
});

describe('the command mix over an interval', () => {
  const stats = (get: number, usec: number, failed = 0) => `# Commandstats\r\ncmdstat_get:calls=${get},usec=${usec},usec_per_call=1.00,rejected_calls=0,failed_calls=${failed}\r\ncmdstat_info:calls=5,usec=50,usec_per_call=10,rejected_calls=0,failed_calls=0\r\n`;

  it('gives rates over the interval, and starts again after the counters went down (restart, CONFIG RESETSTAT)', () => {
    const a = snapshotOf(stats(100, 1000), '# Errorstats\r\nerrorstat_ERR:count=2\r\n', 0);
    const b = snapshotOf(stats(300, 3000, 4), '# Errorstats\r\nerrorstat_ERR:count=6\r\n', 2000);
    const mix = commandMix(b, a);
    expect(mix.intervalSec).toBe(2);
    expect(mix.commands[0]).toMatchObject({ command: 'get', kind: 'read', callsPerSec: 100, usecPerCall: 10, failedPerSec: 2 });
    expect(mix.commands.find((c) => c.command === 'info')).toMatchObject({ alsoCachescope: true, callsPerSec: 0 });
    expect(mix.errors).toEqual([{ error: 'ERR', count: 6, delta: 4 }]);
    expect(mix.readShare).toBe(1);

    const afterReset = commandMix(snapshotOf(stats(10, 100), '', 3000), b);
    expect(afterReset).toMatchObject({ intervalSec: null, readsPerSec: null });
    expect(afterReset.commands[0]).toMatchObject({ command: 'get', callsPerSec: null, usecPerCall: 10 });
  });

  it('says when the server counts no failed calls (before 6.2)', () => {
    const old = snapshotOf('# Commandstats\r\ncmdstat_get:calls=1,usec=1,usec_per_call=1.00\r\n', '', 0);
    expect(commandMix(old, null).errorsNote).toMatch(/before Redis 6.2/);
  });
});
