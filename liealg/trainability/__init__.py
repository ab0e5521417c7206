"""What a circuit's algebra means for training (Larocca et al. 2023; Ragone et al. 2024).

    orbit          the orbit dimension R = dim g - dim{X in g : [X, rho] = 0}
    qfi            QFI rank sweeps over depth: the capacity and M_c
    training       training runs (L-BFGS, Adam, Gauss-Newton) across the transition
    loss_variance  loss variance: Monte Carlo and the g-purity prediction
    sector         the initial state's symmetry sector and g_V (`sector_report`)
"""

from liealg._lazy import lazy_package

#: `train(..., optimizer=...)`
OPTIMIZERS = ("lbfgs", "adam", "gauss-newton")

#: public name -> the module that defines it
NAMES = {
    "RankRow": "qfi",
    "SectorReport": "sector",
    "SweepResult": "qfi",
    "TrainResult": "training",
    "TrainRow": "training",
    "VarianceResult": "loss_variance",
    "g_purities": "loss_variance",
    "generator_scale": "ranks",
    "levenberg_marquardt": "training",
    "orbit_dimension": "orbit",
    "qfi_rank_sweep": "qfi",
    "rank_and_gap": "ranks",
    "sector_report": "sector",
    "train": "training",
    "variance": "loss_variance",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
