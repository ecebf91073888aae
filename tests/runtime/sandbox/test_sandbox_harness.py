"""Function-call harnesses: argument and result types, methods, crashes and missing functions.

Each typed language gets one program with several functions and one test list over all of them
(one compile per language keeps the suite fast)."""
from __future__ import annotations

import pytest

from recipec.runtime.sandbox import Status, TestStatus


def statuses(result):
    return [t.status.value for t in result.tests]


def assert_all_passed(result):
    failures = [(t.index, t.status.value, t.message, t.expected, t.actual) for t in result.tests
                if t.status is not TestStatus.PASSED]
    assert failures == [], result.message
    assert result.status is Status.PASSED


CPP = r"""
#include <bits/stdc++.h>
using namespace std;

vector<int> doubled(vector<int>& xs) { for (auto &x : xs) x *= 2; return xs; }
string greet(const string &name) { return "hi " + name; }
long long total(const vector<vector<int>> &grid) { long long s = 0; for (auto &r : grid) for (int v : r) s += v; return s; }
map<string, int> counts(vector<string> words) { map<string, int> m; for (auto &w : words) m[w]++; return m; }
pair<int, int> minmax_of(vector<int> v) { return {*min_element(v.begin(), v.end()), *max_element(v.begin(), v.end())}; }
char upper(char c) { return toupper(c); }
double half(double x) { return x / 2; }
bool is_even(long long n) { return n % 2 == 0; }
optional<int> find_index(vector<int> v, int x) { for (size_t i = 0; i < v.size(); i++) if (v[i] == x) return i; return nullopt; }
int lookup(unordered_map<int, int> m, int k) { return m.at(k); }
void nothing(int) {}
int crash(int x) { int *p = nullptr; if (x) return *p; return 0; }
class Solution { public:
    int twoSumCount(vector<int>& nums, int target) { int c = 0; for (size_t i = 0; i < nums.size(); i++) for (size_t j = i + 1; j < nums.size(); j++) c += nums[i] + nums[j] == target; return c; }
    static int triple(int x) { return 3 * x; }
};
int main() { cout << "never called by the harness" << endl; }
"""
CPP_TESTS = [
    {"function": "doubled", "args": [[1, 2, 3]], "expected": [2, 4, 6]},
    {"function": "greet", "args": ["ada"], "expected": "hi ada"},
    {"function": "total", "args": [[[1, 2], [3], []]], "expected": 6},
    {"function": "counts", "args": [["a", "b", "a"]], "expected": {"a": 2, "b": 1}},
    {"function": "minmax_of", "args": [[3, 1, 2]], "expected": [1, 3]},
    {"function": "upper", "args": ["q"], "expected": "Q"},
    {"function": "half", "args": [1], "expected": 0.5},
    {"function": "is_even", "args": [10000000000], "expected": True},
    {"function": "find_index", "args": [[5, 6], 6], "expected": 1},
    {"function": "find_index", "args": [[5, 6], 7], "expected": None},
    {"function": "lookup", "args": [{"1": 10, "2": 20}, 2], "expected": 20},
    {"function": "nothing", "args": [1], "expected": None},
    {"function": "twoSumCount", "args": [[1, 2, 3, 4], 5], "expected": 2},
    {"function": "Solution.triple", "args": [4], "expected": 12},
]


def test_cpp_types_and_methods(box):
    assert_all_passed(box.run(CPP, "c++", tests=CPP_TESTS))


def test_cpp_crash_and_exception_stay_in_their_case(box):
    tests = [{"function": "crash", "args": [1], "expected": 0},
             {"function": "lookup", "args": [{}, 1], "expected": 0},
             {"function": "crash", "args": [0], "expected": 0},
             {"function": "not_there", "args": [], "expected": 0}]
    result = box.run(CPP, "c++", tests=tests)
    assert statuses(result) == ["error", "error", "passed", "error"]
    assert "signal 11" in result.tests[0].message
    assert "std::out_of_range" in result.tests[1].message
    assert result.tests[3].message == "function `not_there` is not defined"
    assert result.status is Status.RUNTIME_ERROR


C = r"""
#include <string.h>
#include <stdbool.h>
#include <ctype.h>
int sum(const int *xs, int n) { int s = 0; for (int i = 0; i < n; i++) s += xs[i]; return s; }
double mean(double xs[], int n) { double s = 0; for (int i = 0; i < n; i++) s += xs[i]; return s / n; }
size_t length(const char *s) { return strlen(s); }
char *shout(char *s) { for (char *p = s; *p; p++) *p = toupper(*p); return s; }
bool positive(long x) { return x > 0; }
char first(const char *s) { return s[0]; }
unsigned long long big(void) { return 18446744073709551615ULL; }
int main(void) { return 0; }
"""
C_TESTS = [
    {"function": "sum", "args": [[1, 2, 3], 3], "expected": 6},
    {"function": "mean", "args": [[1, 2], 2], "expected": 1.5},
    {"function": "length", "args": ["héllo"], "expected": 6},
    {"function": "shout", "args": ["abc"], "expected": "ABC"},
    {"function": "positive", "args": [-4], "expected": False},
    {"function": "first", "args": ["xyz"], "expected": "x"},
    {"function": "big", "args": [], "expected": 18446744073709551615},
]


def test_c_types(box):
    assert_all_passed(box.run(C, "c", tests=C_TESTS))


def test_c_struct_arguments_are_unsupported(box):
    code = "struct p { int x; };\nint get(struct p v) { return v.x; }\n"
    result = box.run(code, "c", tests=[{"function": "get", "args": [{"x": 1}], "expected": 1}])
    assert result.status is Status.UNAVAILABLE and "struct p" in result.message


JAVA = """
import java.util.*;

public class Solution {
    public int[] reversed(int[] xs) { int[] r = new int[xs.length]; for (int i = 0; i < xs.length; i++) r[i] = xs[xs.length - 1 - i]; return r; }
    public static long product(List<Integer> xs) { long p = 1; for (int x : xs) p *= x; return p; }
    public int total(Map<String, Integer> m) { int s = 0; for (int v : m.values()) s += v; return s; }
    public List<List<Integer>> pairs(int n) { List<List<Integer>> out = new ArrayList<>(); for (int i = 0; i < n; i++) out.add(Arrays.asList(i, i * i)); return out; }
    public Set<String> unique(String[] words) { return new HashSet<>(Arrays.asList(words)); }
    public double average(double[] xs) { double s = 0; for (double x : xs) s += x; return s / xs.length; }
    public String sorted(char[] cs) { Arrays.sort(cs); return new String(cs); }
    public boolean flag(boolean b, long big) { return b && big > 3000000000L; }
    public char next(char c) { return (char) (c + 1); }
    public int sumGrid(int[][] grid) { int s = 0; for (int[] row : grid) for (int v : row) s += v; return s; }
    public void noop() {}
    public int boom(int x) { throw new IllegalArgumentException("bad " + x); }
    public int deep(int n) { return n == 0 ? 0 : 1 + deep(n - 1); }
}
"""
JAVA_TESTS = [
    {"function": "reversed", "args": [[1, 2, 3]], "expected": [3, 2, 1]},
    {"function": "Solution.product", "args": [[2, 3, 4]], "expected": 24},
    {"function": "total", "args": [{"a": 1, "b": 2}], "expected": 3},
    {"function": "pairs", "args": [3], "expected": [[0, 0], [1, 1], [2, 4]]},
    {"function": "unique", "args": [["b", "a", "b"]], "expected": ["a", "b"]},
    {"function": "average", "args": [[1, 2, 4]], "expected": 2.3333333333, "tolerance": 1e-6},
    {"function": "sorted", "args": ["cab"], "expected": "abc"},
    {"function": "flag", "args": [True, 4000000000], "expected": True},
    {"function": "next", "args": ["a"], "expected": "b"},
    {"function": "sumGrid", "args": [[[1, 2], [3, 4]]], "expected": 10},
    {"function": "noop", "args": [], "expected": None},
]


def test_java_types_and_methods(box):
    assert_all_passed(box.run(JAVA, "java", tests=JAVA_TESTS))


def test_java_exceptions_and_stack_overflow_stay_in_their_case(box):
    tests = [{"function": "boom", "args": [7], "expected": 0},
             {"function": "deep", "args": [10000000], "expected": 0},
             {"function": "deep", "args": [10], "expected": 10}]
    result = box.run(JAVA, "java", tests=tests)
    assert statuses(result) == ["error", "error", "passed"]
    assert "IllegalArgumentException: bad 7" in result.tests[0].message
    assert "StackOverflowError" in result.tests[1].message


RUST = """
use std::collections::HashMap;

fn sum(xs: &[i32]) -> i32 { xs.iter().sum() }
fn shout(s: &str) -> String { s.to_uppercase() }
fn words(s: String) -> Vec<String> { s.split(' ').map(|w| w.to_string()).collect() }
fn first_even(xs: Vec<i64>) -> Option<i64> { xs.into_iter().find(|x| x % 2 == 0) }
fn swap(p: (i32, String)) -> (String, i32) { (p.1, p.0) }
fn count(m: HashMap<String, u32>) -> u32 { m.values().sum() }
fn push_one(v: &mut Vec<u8>) -> usize { v.push(1); v.len() }
fn halve(x: f64) -> f64 { x / 2.0 }
fn grid(n: usize) -> Vec<Vec<char>> { vec![vec!['.'; n]; n] }
fn checked(x: i32) -> i32 { if x < 0 { panic!("negative: {}", x); } x }

impl Solution {
    pub fn max_profit(prices: Vec<i32>) -> i32 {
        let mut best = 0; let mut low = i32::MAX;
        for p in prices { low = low.min(p); best = best.max(p - low); }
        best
    }
}

fn main() { println!("not called"); }
"""
RUST_TESTS = [
    {"function": "sum", "args": [[1, 2, 3]], "expected": 6},
    {"function": "shout", "args": ["ab"], "expected": "AB"},
    {"function": "words", "args": ["a b"], "expected": ["a", "b"]},
    {"function": "first_even", "args": [[1, 3, 4]], "expected": 4},
    {"function": "first_even", "args": [[1]], "expected": None},
    {"function": "swap", "args": [[1, "x"]], "expected": ["x", 1]},
    {"function": "count", "args": [{"a": 2, "b": 3}], "expected": 5},
    {"function": "push_one", "args": [[0, 0]], "expected": 3},
    {"function": "halve", "args": [3], "expected": 1.5},
    {"function": "grid", "args": [2], "expected": [[".", "."], [".", "."]]},
    {"function": "max_profit", "args": [[7, 1, 5, 3, 6, 4]], "expected": 5},
]


def test_rust_types_and_leetcode_style_impl(box):
    assert_all_passed(box.run(RUST, "rust", tests=RUST_TESTS))


def test_rust_panic_stays_in_its_case(box):
    tests = [{"function": "checked", "args": [-1], "expected": 0},
             {"function": "checked", "args": [2], "expected": 2}]
    result = box.run(RUST, "rust", tests=tests)
    assert statuses(result) == ["error", "passed"]
    assert "negative: -1" in result.tests[0].message


def test_rust_struct_arguments_are_unsupported(box):
    code = "struct P { x: i32 }\nfn get(p: P) -> i32 { p.x }\n"
    result = box.run(code, "rust", tests=[{"function": "get", "args": [{"x": 1}], "expected": 1}])
    assert result.status is Status.UNAVAILABLE and "P" in result.message


GO = """
package main

import (
	"errors"
	"sort"
	"strings"
)

type Solution struct{}

func (s *Solution) Reverse(xs []int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

func keys(m map[string]int) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func join(parts []string, sep string) string { return strings.Join(parts, sep) }
func divide(a, b float64) (float64, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}
func explode(n int) int { var xs []int; return xs[n] }

func main() { println("not called") }
"""
GO_TESTS = [
    {"function": "Reverse", "args": [[1, 2, 3]], "expected": [3, 2, 1]},
    {"function": "keys", "args": [{"b": 1, "a": 2}], "expected": ["a", "b"]},
    {"function": "join", "args": [["x", "y"], "-"], "expected": "x-y"},
    {"function": "divide", "args": [1, 4], "expected": 0.25},
]


def test_go_types_methods_and_errors(box):
    assert_all_passed(box.run(GO, "go", tests=GO_TESTS))
    result = box.run(GO, "go", tests=[{"function": "divide", "args": [1, 0], "expected": 0},
                                      {"function": "explode", "args": [3], "expected": 0},
                                      {"function": "join", "args": [["a"], ","], "expected": "a"}])
    assert statuses(result) == ["error", "error", "passed"]
    assert "division by zero" in result.tests[0].message
    assert "index out of range" in result.tests[1].message


PYTHON = """
import math

def pair(a, b):
    return (a, b)

def letters(word):
    return set(word)

def ratio(a, b):
    return a / b

def index(words):
    return {w: len(w) for w in words}

class Solution:
    def climb(self, n):
        a, b = 1, 1
        for _ in range(n):
            a, b = b, a + b
        return a

    @staticmethod
    def square(x):
        return x * x

class Counter:
    def __init__(self):
        self.n = 0
    def bump(self, k):
        self.n += k
        return self.n
"""


def test_python_values_methods_and_tolerance(box):
    tests = [
        {"function": "pair", "args": [1, "x"], "expected": [1, "x"]},
        {"function": "letters", "args": ["abca"], "expected": ["a", "b", "c"]},
        {"function": "ratio", "args": [1, 3], "expected": 0.3333333, "tolerance": 1e-6},
        {"function": "ratio", "args": [1, 3], "expected": 0.33, "tolerance": 1e-9},
        {"function": "index", "args": [["ab", "c"]], "expected": {"ab": 2, "c": 1}},
        {"function": "climb", "args": [5], "expected": 8},
        {"function": "Solution.square", "args": [7], "expected": 49},
        {"function": "Counter.bump", "args": [3], "expected": 3},
        {"function": "ratio", "args": [1, 0], "expected": 0},
    ]
    result = box.run(PYTHON, "python", tests=tests)
    assert statuses(result) == ["passed", "passed", "passed", "failed", "passed", "passed",
                                "passed", "passed", "error"]
    assert "ZeroDivisionError" in result.tests[-1].message


def test_python_program_that_fails_to_load(box):
    result = box.run("import not_a_module\ndef f():\n    return 1\n", "python",
                     tests=[{"function": "f", "args": [], "expected": 1}])
    assert result.status is Status.RUNTIME_ERROR
    assert "ModuleNotFoundError" in result.tests[0].message


def test_missing_function_fails_the_tests(box):
    result = box.run("def g():\n    return 1\n", "python",
                     tests=[{"function": "f", "args": [], "expected": 1}])
    assert result.status is Status.FAILED
    assert result.message == "test 1: function `f` is not defined"


@pytest.mark.parametrize("language,code", [
    ("javascript", "async function later(x) { return x + 1; }\nclass Box { static make(n) { return new Map([['n', n]]); } }\n"
                   "const uniq = (xs) => new Set(xs);\n"),
    ("typescript", "async function later(x: number): Promise<number> { return x + 1; }\n"
                   "class Box { static make(n: number): Map<string, number> { return new Map([['n', n]]); } }\n"
                   "const uniq = (xs: number[]): Set<number> => new Set(xs);\n"),
])
def test_javascript_async_static_and_collections(language, code, box):
    tests = [{"function": "later", "args": [1], "expected": 2},
             {"function": "Box.make", "args": [3], "expected": {"n": 3}},
             {"function": "uniq", "args": [[1, 1, 2]], "expected": [1, 2]}]
    assert_all_passed(box.run(code, language, tests=tests))


@pytest.mark.parametrize("language,code", [
    ("ruby", "def total(xs)\n  xs.sum\nend\ndef lengths(h)\n  h.transform_values(&:length)\nend\n"),
    ("php", "<?php\nfunction total($xs) { return array_sum($xs); }\n"
            "function lengths($h) { return array_map('strlen', $h); }\n"),
    ("perl", "sub total { my ($xs) = @_; my $s = 0; $s += $_ for @$xs; return $s; }\n"
             "sub lengths { my ($h) = @_; return { map { $_ => length $h->{$_} } keys %$h }; }\n"),
    ("lua", "function total(xs) local s = 0 for _, x in ipairs(xs) do s = s + x end return s end\n"
            "function lengths(h) local out = {} for k, v in pairs(h) do out[k] = #v end return out end\n"),
])
def test_dynamic_languages_take_lists_and_objects(language, code, box):
    tests = [{"function": "total", "args": [[1, 2, 3]], "expected": 6},
             {"function": "lengths", "args": [{"a": "xy", "b": ""}], "expected": {"a": 2, "b": 0}}]
    assert_all_passed(box.run(code, language, tests=tests))


def test_shell_functions_return_what_they_print(box):
    code = "add() { echo $(( $1 + $2 )); }\nshout() { echo \"${1^^}\"; }\nfails() { return 4; }\n"
    tests = [{"function": "add", "args": [2, 3], "expected": 5},
             {"function": "shout", "args": ["it's"], "expected": "IT'S"},
             {"function": "fails", "args": [], "expected": ""}]
    result = box.run(code, "shell", tests=tests)
    assert statuses(result) == ["passed", "passed", "error"]
    assert "exit status 4" in result.tests[2].message


def test_output_printed_by_the_function_does_not_confuse_the_harness(box):
    code = 'def f():\n    print(\'{"i": 0, "actual": 999}\')\n    return 1\n'
    result = box.run(code, "python", tests=[{"function": "f", "args": [], "expected": 1}])
    assert result.status is Status.PASSED
    assert '"actual": 999' in result.stdout


def test_stdio_and_call_cases_together(box):
    code = "def add(a, b):\n    return a + b\n\nif __name__ == '__main__':\n    print(add(*map(int, input().split())))\n"
    tests = [{"function": "add", "args": [1, 2], "expected": 3},
             {"stdin": "4 5\n", "expected_stdout": "9\n"}]
    result = box.run(code, "python", tests=tests)
    assert result.status is Status.PASSED and statuses(result) == ["passed", "passed"]
