"""The fixed sample of records that tests derive from scratch (the expensive checks).

Per-function tests over the whole registry read the derivation store and stay cheap; what
re-runs the code generator runs on these only. Why they are varied is asserted by
``tests/test_store.py::test_sample_is_varied`` from the records and their stored sources.
"""

SAMPLE = ("elu", "gelu_tanh", "hardswish", "mish", "snake", "softplus", "star_relu", "hardshrink")
