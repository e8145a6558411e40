"""The peak memory of a child process, measured so that its parent's size does not count.

``ru_maxrss`` of a process started from pytest is at least pytest's own size: Linux carries the
high-water mark over ``fork``/``vfork`` and ``exec``. ``VmHWM`` in /proc/self/status belongs to
the process's current address space and starts afresh at ``exec``. Child scripts embed
``PEAK_KIB`` and call ``peak_kib()``.
"""

PEAK_KIB = '''
def peak_kib():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
'''
