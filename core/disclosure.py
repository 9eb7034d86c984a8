"""The smallest count of concern reports that may be published.

The statistics hide smaller counts (concerns.statistics.suppression), and the public
pages that show counted figures (priorities) explain the threshold; both read it here,
since the public side may not import the statistics.
"""

# In a municipality of Kvæfjord's size, a count of one or two can point to a child.
MIN_COUNT = 3
