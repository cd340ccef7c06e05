#!/usr/bin/env python3
"""Where a Kafka Streams stream thread's time goes: attributes the JFR execution samples of every
StreamThread-N of one or more recordings to the categories of docs/BENCHMARKS.md ("Processor profile after
the session cache and fast coders"), first matching rule wins, and prints their shares.

usage: bench/jfr-stream-thread.py <recording.jfr>... [--drill CATEGORY-SUBSTRING]
  --drill prints the commonest innermost frames of the matching categories.
Record with CALLSTREAM_BENCH_JVM_OPTS='-XX:StartFlightRecording=filename=/tmp/jfr/{name}.jfr,settings=profile'
and CALLSTREAM_BENCH_PROCESSOR_CONFIGS=p1-t1 (one processor and one pass-through JVM, one file each).
Needs the JDK's `jfr` tool on the PATH."""
import json, subprocess, sys, re, collections

args = [a for a in sys.argv[1:]]
drill = None
if '--drill' in args:
    i = args.index('--drill'); drill = args[i + 1]; del args[i:i + 2]

def load(rec):
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '256', '--events', 'jdk.ExecutionSample', rec],
                         capture_output=True, text=True, check=True).stdout
    evs = json.loads(out)['recording']['events']
    res = []
    for e in evs:
        t = e['values']['sampledThread']
        name = t.get('javaName') or t.get('osName') or ''
        if not re.search(r'StreamThread-\d+$', name) or not e['values']['stackTrace']:
            continue
        res.append([f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name']
                    for f in e['values']['stackTrace']['frames']])  # leaf first
    return res

def has(fr, rx):
    r = re.compile(rx)
    return any(r.search(f) for f in fr)

def below(fr, rx):
    """the frames under (leafwards of) the outermost frame matching rx"""
    r = re.compile(rx)
    for i in range(len(fr) - 1, -1, -1):
        if r.search(fr[i]):
            return fr[:i]
    return None

SEND = r'RecordCollectorImpl\.send$'
def sink(fr, prefix):
    if has(fr, r'Serializer\.serialize$|AvroSerializer|Coder\.write|customEncode'):
        return prefix + ': encode'
    return prefix + ': producer send'

def cat(fr):
    # --- commit
    if has(fr, r'ObjectCachingKeyValueStore\.(writeDown|writeDirty)'):
        b = below(fr, r'ObjectCachingKeyValueStore\.writeDown')
        if b is not None and has(b, r'CallSessionSerde|customEncode|serializeValue'):
            return 'commit: session/timer write-down: session encode'
        if b is not None and has(b, r'ChangeLoggingKeyValueBytesStore\.log'):
            return 'commit: session/timer write-down: changelog send'
        if b is not None and has(b, r'RocksDBStore'):
            return 'commit: session/timer write-down: RocksDB put + position'
        return 'commit: session/timer write-down: store layers'
    if has(fr, r'(NamedCache|ThreadCache)\.flush'):
        return 'commit: record-cache flush (records view stores)'
    if has(fr, r'StreamThread\.maybeCommit'):
        return 'commit: producer flush, offsets, transaction'
    # --- records view
    if has(fr, r'RecordsProcessor\.process'):
        b = below(fr, r'RecordsProcessor\.process')
        if has(b, r'AvroDeserializer|Coder\.read|deserialize'):
            return 'records view: summary decode'
        if has(b, r'\.put$|\.delete$'):
            return 'records view: store put'
        if has(b, r'\.get$'):
            return 'records view: store get'
        return 'records view: rest'
    # --- session node
    if has(fr, r'CallSessionProcessor\.'):
        if has(fr, SEND) or has(fr, r'SinkNode\.process'):
            return sink(fr, 'session node: outputs')
        if has(fr, r'ParticipantRows'):
            return 'session node: participant rows (build)'
        if has(fr, r'SessionLifecycle|OutcomeRules|SummaryBuilder|CallSessionAggregator|MissedCallDetector'):
            return 'session node: rules, merge, summary'
        if has(fr, r'hasTombstone'):
            return 'session node: tombstone lookup'
        if has(fr, r'SessionTimers'):
            return 'session node: timers (cache)'
        if has(fr, r'\.get$') :
            return 'session node: session get (cache)'
        if has(fr, r'\.put$|\.delete$'):
            return 'session node: session put (cache)'
        if has(fr, r'SessionMetrics|Sensor'):
            return 'session node: metrics'
        return 'session node: rest'
    if has(fr, r'DecodeProcessor\.process'):
        return 'decode node'
    if has(fr, r'SinkNode\.process'):
        return sink(fr, 'pass-through: output')
    # --- input
    if has(fr, r'RecordDeserializer\.deserialize'):
        if has(fr, r'DecodingDeserializer|AvroDeserializer|CallEventCoder'):
            return 'input: CallEvent decode'
        return 'input: key decode, record wrapping'
    if has(fr, r'StreamThread\.pollPhase|KafkaConsumer\.poll'):
        return 'input: consumer poll'
    if has(fr, r'PartitionGroup|RecordQueue|StreamTask\.addRecords'):
        return 'input: record queues'
    if has(fr, r'maybePunctuate|punctuate'):
        return 'punctuation'
    if has(fr, r'Sensor\.record|maybeMeasureLatency$|Metrics'):
        return 'task loop: metrics'
    if has(fr, r'StreamThread\.|TaskManager\.|StreamTask\.|TaskExecutor\.'):
        return 'task loop: rest'
    return 'other'

samples = []
for rec in args:
    samples += load(rec)
n = len(samples)
cnt = collections.Counter()
leaves = collections.defaultdict(collections.Counter)
for fr in samples:
    c = cat(fr)
    cnt[c] += 1
    leaves[c][' < '.join(fr[:4])] += 1
print(f'{n} stream-thread samples from {", ".join(args)}')
for c, k in sorted(cnt.items()):
    print(f'{100*k/n:5.1f} %  {k:5d}  {c}')
groups = collections.Counter()
for c, k in cnt.items():
    groups[c.split(':')[0]] += k
print('--- groups')
for c, k in groups.most_common():
    print(f'{100*k/n:5.1f} %  {k:5d}  {c}')
if drill:
    for c in cnt:
        if drill in c:
            print('--- drill', c)
            for f, k in leaves[c].most_common(25):
                print(f'{100*k/n:5.1f} %  {f}')
