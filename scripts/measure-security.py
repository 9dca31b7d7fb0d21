#!/usr/bin/env python3
# Prints the figures of issue 11 (timing of failed password checks, a cheap request during a burst
# of checks, parallel guesses, an oversized accountIds list) against a running
# `clientele serve --demo` on a fresh database: python3 scripts/measure-security.py http://127.0.0.1:8080
# Each section speaks from its own loopback address, so the per-client limit of one section
# does not spill into the next.
import base64, http.client, json, statistics, sys, threading, time
from urllib.parse import urlparse

URL = urlparse(sys.argv[1])
SOURCE = ['127.0.0.2']

def call(method, path, body=None, user=None, password='clientele-demo'):
    data = json.dumps(body).encode() if body is not None else None
    headers = {}
    if data is not None:
        headers['content-type'] = 'application/json'
    if user:
        headers['authorization'] = 'Basic ' + base64.b64encode(f'{user}:{password}'.encode()).decode()
    conn = http.client.HTTPConnection(URL.hostname, URL.port, source_address=(SOURCE[0], 0), timeout=60)
    start = time.perf_counter()
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - start

def sign_in(email, password='a wrong guess'):
    return call('POST', '/rest/auth/1/session', {'username': email, 'password': password})

call('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', {'emails': ['invited.only@measure.example']}, user='agent@example.com')
times = {'wrong password (active account)': [], 'invited, no password': [], 'unknown address': []}
for i in range(5):
    for what, email in [('wrong password (active account)', 'customer@example.com'),
                        ('invited, no password', 'invited.only@measure.example'),
                        ('unknown address', f'nobody{i}@measure.example')]:
        status, t = sign_in(email)
        assert status == 401, (what, status)
        times[what].append(t)
for what, ts in times.items():
    print(f'failed sign-in, {what}: median {statistics.median(ts)*1000:.1f} ms over 5')

SOURCE[0] = '127.0.0.3'
results = []
def guess(i):
    results.append(sign_in(f'guess{i}@measure.example')[0])
threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
start = time.perf_counter()
for t in threads: t.start()
time.sleep(0.02)
status, cheap = call('GET', '/rest/auth/1/session')
for t in threads: t.join()
print(f'cheap GET during 16 parallel password checks: {cheap*1000:.1f} ms (status {status}); the 16 checks took {(time.perf_counter()-start)*1000:.0f} ms')

SOURCE[0] = '127.0.0.4'
statuses = []
def wrong(_):
    statuses.append(sign_in('agent@example.com')[0])
threads = [threading.Thread(target=wrong, args=(i,)) for i in range(40)]
for t in threads: t.start()
for t in threads: t.join()
print(f'40 parallel wrong sign-ins for one address: {statuses.count(401)} × 401, {statuses.count(429)} × 429')

SOURCE[0] = '127.0.0.5'
ids = [str(i) for i in range(1, 100_002)]
status, t = call('POST', '/rest/servicedeskapi/servicedesk/ITH/customer', {'accountIds': ids}, user='lead@example.com')
print(f'100,001 accountIds: {status} in {t*1000:.0f} ms (one Basic sign-in included)')
