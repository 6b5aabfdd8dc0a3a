/// Schedules one after another (Optax's `join_schedules`): schedule i runs from update
/// `boundaries[i − 1]` on and sees the updates counted from its own start.
public struct JoinedSchedule: Schedule {
    public let schedules: [any Schedule]
    public let boundaries: [Int]

    public init(_ schedules: [any Schedule], boundaries: [Int]) {
        precondition(!schedules.isEmpty && boundaries.count == schedules.count - 1,
                     "joining n schedules needs n − 1 boundaries")
        precondition(zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 <= $1 }, "boundaries must be increasing")
        self.schedules = schedules
        self.boundaries = boundaries
    }

    public func callAsFunction(_ step: Int) -> Float {
        var index = 0
        while index < boundaries.count && step >= boundaries[index] { index += 1 }
        return schedules[index](index == 0 ? step : step - boundaries[index - 1])
    }
}

extension Schedule where Self == JoinedSchedule {
    /// `schedules` joined at `boundaries` (absolute update counts).
    public static func join(_ schedules: [any Schedule], boundaries: [Int]) -> JoinedSchedule {
        JoinedSchedule(schedules, boundaries: boundaries)
    }
}
