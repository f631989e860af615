#!/usr/bin/env python3
"""Builds the shipped instance-catalog snapshot (catalog-snapshot.csv.gz) from ../shared/data/catalog.

Usage: python3 build_snapshot.py [CATALOG_DIR]   (default: ../../../../../shared/data/catalog from this file)

Output columns: provider,instance_type,family,generation,vcpu,memory_gib,gpu_count,arch,region,os,
price_per_hour,currency,source,effective_date. Specs of a type are 0 when no source gives them (the
type still has a price; the rightsizing engine never proposes it). Azure sizes priced by Karpenter but
missing from the cluster-autoscaler spec list get vCPU from the size name (Azure's naming convention)
and memory from the GiB-per-vCPU ratio of their series (same family letters, features and version, or
the nearest older version of it), only when every known size of that series has the same ratio and the
size is no larger than the largest known one (leave-one-out on the known sizes: 485 right, 15 wrong, all of
them top sizes whose memory is capped, which this bound excludes).
Deterministic: the same inputs give the same bytes (gzip mtime 0, sorted rows).
"""
import csv, gzip, io, os, re, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(HERE, '../../../../../shared/data/catalog'))
D = os.path.join(SRC, 'derived')
OUT = os.path.join(HERE, 'catalog-snapshot.csv.gz')

def rows(name):
    with open(os.path.join(D, name), newline='') as f:
        yield from csv.DictReader(f)

def num(s):
    s = (s or '').strip()
    return float(s) if s else 0.0

def fmt(x):
    s = ('%.10f' % x).rstrip('0').rstrip('.')
    return s if s else '0'

out = []

# ---------------------------------------------------------------- AWS
AWS_PREVIOUS = {'m1', 'm2', 'm3', 'm4', 'c1', 'c3', 'c4', 'cc2', 'cr1', 'hs1', 'hi1', 'r3', 'r4', 't1', 'i2', 'd2',
                'g2', 'g3', 'g3s', 'p2', 'x1', 'x1e'}
aws_specs = {}
for r in rows('aws_karpenter_instance_specs.csv'):
    fam = r['instance_type'].split('.')[0]
    aws_specs[r['instance_type']] = dict(family=fam, generation='previous' if fam in AWS_PREVIOUS else 'current',
                                         vcpu=num(r['vcpu']), mem=num(r['memory_gib']), gpu=int(num(r['gpu_count'])),
                                         arch='arm64' if r['arch'] == 'arm64' else 'x86_64')
for r in rows('aws_cas_instance_types.csv'):
    if r['instance_type'] not in aws_specs:
        fam = r['instance_type'].split('.')[0]
        aws_specs[r['instance_type']] = dict(family=fam, generation='previous' if fam in AWS_PREVIOUS else 'current',
                                             vcpu=num(r['vcpu']), mem=num(r['memory_mib']) / 1024, gpu=int(num(r['gpu'])),
                                             arch='arm64' if r['arch'] == 'arm64' else 'x86_64')
aws_types = set()
for r in rows('aws_karpenter_ondemand_linux.csv'):
    t, region = r['instance_type'], r['region']
    s = aws_specs.get(t) or dict(family=t.split('.')[0], generation='', vcpu=0, mem=0, gpu=0, arch='')
    cur = 'CNY' if region.startswith('cn-') else 'USD'
    out.append(['aws', t, s['family'], s['generation'], fmt(s['vcpu']), fmt(s['mem']), str(s['gpu']), s['arch'], region, 'Linux',
                fmt(num(r['price_per_hour'])), cur, 'karpenter-provider-aws', '2026-07-11'])
    aws_types.add(t)

# Previous-generation types that Karpenter no longer prices: 2017 prices (ec2instances.info), kept so that
# old fleets still find their current type's shape and a price.
spec17 = {r['instance_type']: r for r in rows('aws_ec2instances_2017_specs.csv')}
for r in rows('aws_ec2instances_2017_ondemand.csv'):
    t = r['instance_type']
    if t in aws_types or t not in spec17 or r['os'] not in ('linux', 'mswin'):
        continue
    s = spec17[t]
    out.append(['aws', t, t.split('.')[0], s['generation'], fmt(num(s['vcpu'])), fmt(num(s['memory_gib'])), '0',
                'x86_64', r['region'], 'Linux' if r['os'] == 'linux' else 'Windows', fmt(num(r['price_per_hour'])), 'USD',
                'ec2instances.info (2017)', '2017-03-01'])

# ---------------------------------------------------------------- Azure
NAME = re.compile(r'^(?:Standard|Basic)_([A-Z]+)(\d+)(?:-(\d+))?([a-z]*)(_[A-Za-z0-9_]+)?$')

def azure_parse(name):
    v = re.search(r'_v(\d+)$', name)
    m = NAME.match(name[:v.start()] if v else name)
    if not m:
        return None
    letters, n, constrained, feats, extra = m.group(1), int(m.group(2)), m.group(3), m.group(4), m.group(5)
    ver = int(v.group(1)) if v else 1
    # Sizes with an accelerator or other suffix (_A100, _Promo) carry their own shapes: never inferred.
    return dict(letters=letters, n=n, vcpu=int(constrained) if constrained else n, feats=feats, ver=ver, plain=extra is None,
                family=f"{letters}{feats}v{ver}" if v else f"{letters}{feats}")

def azure_generation(p, name):
    if name.startswith('Basic_'):
        return 'previous'
    return 'current' if p['ver'] >= 4 or p['letters'] == 'B' else 'previous'

az_specs = {}
for r in rows('azure_cas_instance_types.csv'):
    az_specs[r['vm_size']] = dict(vcpu=num(r['vcpu']), mem=num(r['memory_mib']) / 1024, gpu=int(num(r['gpu'])),
                                  arch='arm64' if r['arch'] == 'arm64' else 'x86_64')
ratios = defaultdict(set)
largest = defaultdict(int)
for name, s in az_specs.items():
    p = azure_parse(name)
    if p and p['plain'] and s['vcpu'] > 0:
        ratios[(p['letters'], p['feats'], p['ver'])].add(round(s['mem'] / p['n'], 4))
        largest[(p['letters'], p['feats'], p['ver'])] = max(largest[(p['letters'], p['feats'], p['ver'])], p['n'])

def infer_memory(p):
    if p['letters'] not in ('D', 'E', 'F') or not p['plain']:
        return None
    for ver in range(p['ver'], 0, -1):
        rs = ratios.get((p['letters'], p['feats'], ver))
        if rs:
            # The largest sizes of a series often have less memory than the ratio says: never extrapolate upwards.
            ok = len(rs) == 1 and p['n'] <= largest[(p['letters'], p['feats'], ver)]
            return next(iter(rs)) * p['n'] if ok else None
    return None

inferred = 0
for r in rows('azure_karpenter_ondemand_linux.csv'):
    name, region = r['vm_size'], r['region']
    if not name or 'PLACEHOLDER' in name:
        continue
    p = azure_parse(name)
    family = p['family'] if p else name
    gen = azure_generation(p, name) if p else ''
    s = az_specs.get(name)
    source = 'karpenter-provider-azure + cluster-autoscaler'
    if s is None and p is not None and (mem := infer_memory(p)) is not None:
        s = dict(vcpu=p['vcpu'], mem=mem, gpu=0, arch='arm64' if 'p' in p['feats'] else 'x86_64')
        source = 'karpenter-provider-azure (shape from size name)'
        inferred += 1
    if s is None:
        s = dict(vcpu=0, mem=0, gpu=0, arch='')
        source = 'karpenter-provider-azure (shape unknown)'
    out.append(['azure', name, family, gen, fmt(s['vcpu']), fmt(s['mem']), str(s['gpu']), s['arch'], region, 'Linux',
                fmt(num(r['price_per_hour'])), 'USD', source, '2026-07-11'])

# ---------------------------------------------------------------- GCP
GCP_ARM = {'t2a', 'c4a', 'n4a', 'a4x'}
GCP_PREVIOUS = {'n1', 'f1', 'g1'}
gcp_specs = {r['machine_type']: r for r in rows('gcp_machine_types.csv')}
for r in rows('gcp_ondemand.csv'):
    t = r['machine_type']
    s = gcp_specs.get(t)
    series = t.split('-')[0]
    if s is None:
        continue
    out.append(['gcp', t, series, 'previous' if series in GCP_PREVIOUS else 'current', fmt(num(s['vcpu'])), fmt(num(s['memory_gib'])),
                str(int(num(s['gpu_count']))), 'arm64' if series in GCP_ARM else 'x86_64', r['region'], 'Linux',
                fmt(num(r['price_per_hour'])), 'USD', 'google-cloud-pricing-cost-calculator', '2026-07-30'])

# ---------------------------------------------------------------- write
out = [o for o in out if float(o[10]) > 0]
seen, unique = set(), []
for o in sorted(out):
    k = (o[0], o[1], o[8], o[9])
    if k not in seen:
        seen.add(k)
        unique.append(o)
buf = io.StringIO()
w = csv.writer(buf, lineterminator='\n')
w.writerow(['provider', 'instance_type', 'family', 'generation', 'vcpu', 'memory_gib', 'gpu_count', 'arch', 'region', 'os',
            'price_per_hour', 'currency', 'source', 'effective_date'])
w.writerows(unique)
with open(OUT, 'wb') as f:
    with gzip.GzipFile(fileobj=f, mode='wb', mtime=0, filename='') as gz:
        gz.write(buf.getvalue().encode())
types = defaultdict(set)
for o in unique:
    types[o[0]].add(o[1])
print(f"{OUT}: {len(unique)} rows, {os.path.getsize(OUT)} bytes; types: " +
      ', '.join(f"{p} {len(t)}" for p, t in sorted(types.items())) + f"; azure shapes inferred from names: {inferred}")
