import Optimization

/// The slot-free relaxation of the planning problem, solved exactly: which meetings to
/// choose when slots are forgotten. Participants' remaining meetings are the capacities,
/// the free tables the total, the fairness bonus of further meetings the concave bonus.
typealias SlotFreeRelaxation = FractionalBMatching
