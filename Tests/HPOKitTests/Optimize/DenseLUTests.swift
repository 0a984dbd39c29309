@testable import HPOKit
import Testing

@Suite struct DenseLUTests {
    @Test func solvesAKnownSystemTo1e10() throws {
        // A x = b with x = (1, -2, 3), a matrix that needs pivoting (zero in the corner).
        let a: [Double] = [0, 2, 1,
                           1, 1, 1,
                           4, -1, 2]
        let lu = try #require(DenseLU(a, size: 3))
        let x = lu.solve([-1, 2, 12])
        for (value, expected) in zip(x, [1.0, -2, 3]) { #expect(abs(value - expected) < 1e-10) }
    }

    @Test func matchesAHilbertSystemSolvedInExactArithmetic() throws {
        // The 5x5 Hilbert matrix times (1, 1, 1, 1, 1): row sums; the solution is all ones.
        let size = 5
        let h = (0..<size * size).map { 1 / Double($0 / size + $0 % size + 1) }
        let b = (0..<size).map { row in (0..<size).reduce(0.0) { $0 + 1 / Double(row + $1 + 1) } }
        let lu = try #require(DenseLU(h, size: size))
        for value in lu.solve(b) { #expect(abs(value - 1) < 1e-9) }
    }

    @Test func aSingularMatrixIsReportedNotCrashed() {
        #expect(DenseLU([1, 2, 2, 4], size: 2) == nil)
        #expect(DenseLU([0, 0, 0, 0], size: 2) == nil)
        #expect(DenseLU([.nan, 1, 1, 1], size: 2) == nil)
    }
}

@Suite struct LatinHypercubeTests {
    @Test func onePointPerStratumInEveryDimension() {
        var rng = SplitMix64(seed: 3)
        for (count, dimensions) in [(10, 3), (7, 5), (1, 2)] {
            let points = LatinHypercube.sample(count: count, dimensions: dimensions, using: &rng)
            #expect(points.count == count)
            for dimension in 0..<dimensions {
                let strata = points.map { Int($0[dimension] * Double(count)) }
                #expect(Set(strata) == Set(0..<count))
            }
        }
    }

    @Test func maximinSpreadsAtLeastAsWellAsOneSample() {
        var rngA = SplitMix64(seed: 9), rngB = SplitMix64(seed: 9)
        func spread(_ points: [[Double]]) -> Double {
            var smallest = Double.infinity
            for i in points.indices { for j in points.indices where j > i { smallest = min(smallest, squaredDistance(points[i], points[j])) } }
            return smallest
        }
        let single = LatinHypercube.sample(count: 8, dimensions: 2, using: &rngA)
        let best = LatinHypercube.maximin(count: 8, dimensions: 2, tries: 30, using: &rngB)
        #expect(spread(best) >= spread(single))
    }

    @Test func inverseDiagonalMatchesSolvesAgainstUnitVectors() throws {
        var rng = SplitMix64(seed: 9)
        let size = 7
        let a = (0..<size * size).map { _ in Double.random(in: -1...1, using: &rng) }
        let lu = try #require(DenseLU(a, size: size))
        let diagonal = lu.inverseDiagonal(0..<size)
        for i in 0..<size {
            var unit = [Double](repeating: 0, count: size)
            unit[i] = 1
            #expect(abs(diagonal[i] - lu.solve(unit)[i]) < 1e-10)
        }
        #expect(lu.inverseDiagonal(2..<4).count == 2)
    }
}
