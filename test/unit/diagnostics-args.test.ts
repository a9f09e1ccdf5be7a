import { describe, expect, it } from 'vitest';
import { MAX_ARG_CHARS, shortenArgs } from '../../electron/core/diagnostics/args';
import { groupClients, parseClientList } from '../../electron/core/diagnostics/clients';

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
