"""The math set: grade-school word problems with worked solutions, generated (no permissive math set
of this kind is available offline here).

Fourteen problem templates (shopping, discounts, rates, joint work, equations, geometry, averages,
ratios, interest, recipe scaling, counting, ages, sequences, right triangles) are filled with numbers
drawn from a seeded generator and chosen so that every answer comes out exact; each solution shows its
steps and ends with "Answer: ...". Same seed, same file, byte for byte. License: Apache-2.0 (this
project's), as the text is written by this script.
"""
from __future__ import annotations

import random
from fractions import Fraction

NAMES = ["Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
         "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yara"]
ITEMS = [("notebook", "notebooks"), ("pencil", "pencils"), ("apple", "apples"), ("ticket", "tickets"),
         ("mug", "mugs"), ("sticker", "stickers"), ("battery", "batteries"), ("cable", "cables")]


def _money(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


def _fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    whole, rest = divmod(value.numerator, value.denominator)
    return f"{value.numerator}/{value.denominator}" if whole == 0 else f"{whole} {rest}/{value.denominator}"


def shopping(rng: random.Random):
    name = rng.choice(NAMES)
    (one_a, many_a), (one_b, many_b) = rng.sample(ITEMS, 2)
    count_a, count_b = rng.randint(2, 9), rng.randint(2, 9)
    price_a, price_b = rng.randint(5, 60) * 25, rng.randint(5, 60) * 25
    total = count_a * price_a + count_b * price_b
    paid = (total // 1000 + 1) * 1000
    problem = (f"{name} buys {count_a} {many_a} at {_money(price_a)} each and {count_b} {many_b} at "
               f"{_money(price_b)} each, and pays with {_money(paid)}. How much change does {name} get?")
    steps = [f"The {many_a} cost {count_a} x {_money(price_a)} = {_money(count_a * price_a)}.",
             f"The {many_b} cost {count_b} x {_money(price_b)} = {_money(count_b * price_b)}.",
             f"Together: {_money(count_a * price_a)} + {_money(count_b * price_b)} = {_money(total)}.",
             f"Change: {_money(paid)} - {_money(total)} = {_money(paid - total)}."]
    return problem, steps, _money(paid - total)


def discount(rng: random.Random):
    price = rng.randint(8, 80) * 500
    percent = rng.choice([10, 15, 20, 25, 30, 40, 50])
    off = price * percent // 100
    problem = f"A jacket costs {_money(price)}. It is on sale at {percent}% off. What is the sale price?"
    steps = [f"The discount is {percent}% of {_money(price)} = {_money(off)}.",
             f"Sale price: {_money(price)} - {_money(off)} = {_money(price - off)}."]
    return problem, steps, _money(price - off)


def travel(rng: random.Random):
    speed = rng.randint(4, 24) * 5
    hours, later_hours = rng.randint(2, 6), rng.randint(2, 9)
    problem = (f"A train travels {speed * hours} km in {hours} hours at a constant speed. "
               f"How far does it travel in {later_hours} hours?")
    steps = [f"Speed: {speed * hours} km / {hours} h = {speed} km/h.",
             f"Distance in {later_hours} hours: {speed} x {later_hours} = {speed * later_hours} km."]
    return problem, steps, f"{speed * later_hours} km"


def joint_work(rng: random.Random):
    a, b = rng.sample([2, 3, 4, 5, 6, 8, 10, 12], 2)
    together = Fraction(1, 1) / (Fraction(1, a) + Fraction(1, b))
    problem = (f"One pipe fills a tank in {a} hours and another fills it in {b} hours. "
               f"How long do they take to fill it together?")
    steps = [f"In one hour the first pipe fills 1/{a} of the tank and the second 1/{b}.",
             f"Together they fill 1/{a} + 1/{b} = {_fraction(Fraction(1, a) + Fraction(1, b))} of the tank per hour.",
             f"Time: 1 / ({_fraction(Fraction(1, a) + Fraction(1, b))}) = {_fraction(together)} hours."]
    return problem, steps, f"{_fraction(together)} hours"


def linear_equation(rng: random.Random):
    x, a, b = rng.randint(2, 40), rng.randint(2, 12), rng.randint(1, 60)
    c = a * x + b
    problem = f"When a number is multiplied by {a} and then {b} is added, the result is {c}. What is the number?"
    steps = [f"Let the number be x. Then {a}x + {b} = {c}.",
             f"Subtract {b}: {a}x = {c - b}.",
             f"Divide by {a}: x = {x}."]
    return problem, steps, str(x)


def rectangle(rng: random.Random):
    length, width = rng.randint(6, 40), rng.randint(2, 30)
    perimeter = 2 * (length + width)
    problem = (f"A rectangular garden has a perimeter of {perimeter} m and a length of {length} m. "
               f"What is its area?")
    steps = [f"Perimeter = 2 x (length + width), so length + width = {perimeter} / 2 = {perimeter // 2} m.",
             f"Width = {perimeter // 2} - {length} = {width} m.",
             f"Area = {length} x {width} = {length * width} square metres."]
    return problem, steps, f"{length * width} square metres"


def average(rng: random.Random):
    name = rng.choice(NAMES)
    scores = [rng.randint(60, 95) for _ in range(rng.randint(3, 5))]
    target = rng.randint(75, 90)
    needed = target * (len(scores) + 1) - sum(scores)
    if not 0 <= needed <= 100:
        return average(rng)
    problem = (f"{name}'s test scores so far are {', '.join(map(str, scores))}. What score does {name} need "
               f"on the next test to average exactly {target}?")
    steps = [f"An average of {target} over {len(scores) + 1} tests needs a total of {target} x {len(scores) + 1} = {target * (len(scores) + 1)}.",
             f"The scores so far add up to {sum(scores)}.",
             f"Needed: {target * (len(scores) + 1)} - {sum(scores)} = {needed}."]
    return problem, steps, str(needed)


def ratio(rng: random.Random):
    first, second = rng.sample(NAMES, 2)
    a, b = rng.randint(1, 7), rng.randint(1, 7)
    unit = rng.randint(3, 40)
    total = (a + b) * unit
    problem = f"{first} and {second} share {total} marbles in the ratio {a}:{b}. How many does {second} get?"
    steps = [f"There are {a} + {b} = {a + b} parts.",
             f"One part is {total} / {a + b} = {unit} marbles.",
             f"{second} gets {b} x {unit} = {b * unit} marbles."]
    return problem, steps, str(b * unit)


def interest(rng: random.Random):
    principal = rng.randint(2, 50) * 1000
    rate, years = rng.choice([2, 3, 4, 5, 6, 8]), rng.randint(2, 10)
    gained = principal * rate * years // 100
    problem = (f"${principal} is invested at {rate}% simple interest per year. "
               f"How much is in the account after {years} years?")
    steps = [f"Interest per year: {rate}% of ${principal} = ${principal * rate // 100}.",
             f"Over {years} years: {years} x ${principal * rate // 100} = ${gained}.",
             f"Balance: ${principal} + ${gained} = ${principal + gained}."]
    return problem, steps, f"${principal + gained}"


def recipe(rng: random.Random):
    servings, wanted = rng.randint(2, 8), rng.randint(3, 16)
    cups = Fraction(rng.randint(1, 12), rng.choice([2, 3, 4]))
    scaled = cups * wanted / servings
    problem = (f"A recipe for {servings} servings uses {_fraction(cups)} cups of flour. "
               f"How much flour is needed for {wanted} servings?")
    steps = [f"Flour per serving: {_fraction(cups)} / {servings} = {_fraction(cups / servings)} cups.",
             f"For {wanted} servings: {wanted} x {_fraction(cups / servings)} = {_fraction(scaled)} cups."]
    return problem, steps, f"{_fraction(scaled)} cups"


def handshakes(rng: random.Random):
    people = rng.randint(4, 40)
    problem = f"At a meeting, each of {people} people shakes hands once with every other person. How many handshakes are there?"
    steps = [f"Each person shakes {people - 1} hands, which counts every handshake twice.",
             f"Handshakes: {people} x {people - 1} / 2 = {people * (people - 1) // 2}."]
    return problem, steps, str(people * (people - 1) // 2)


def ages(rng: random.Random):
    parent, child = rng.sample(NAMES, 2)
    child_age, factor = rng.randint(3, 15), rng.randint(2, 5)
    years = rng.randint(2, 12)
    total = child_age * (factor + 1) + 2 * years
    problem = (f"{parent} is {factor} times as old as {child}. In {years} years the sum of their ages will be "
               f"{total}. How old is {child} now?")
    steps = [f"Let {child}'s age be x, so {parent} is {factor}x.",
             f"In {years} years: (x + {years}) + ({factor}x + {years}) = {total}, so {factor + 1}x + {2 * years} = {total}.",
             f"{factor + 1}x = {total - 2 * years}, so x = {child_age}."]
    return problem, steps, str(child_age)


def arithmetic_sequence(rng: random.Random):
    first, step, count = rng.randint(1, 20), rng.randint(2, 9), rng.randint(8, 30)
    last = first + (count - 1) * step
    total = count * (first + last) // 2
    problem = (f"An arithmetic sequence starts {first}, {first + step}, {first + 2 * step}, ... "
               f"What is the sum of its first {count} terms?")
    steps = [f"The common difference is {step}.",
             f"Term {count}: {first} + ({count} - 1) x {step} = {last}.",
             f"Sum: {count} x ({first} + {last}) / 2 = {total}."]
    return problem, steps, str(total)


def right_triangle(rng: random.Random):
    a, b, c = rng.choice([(3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29)])
    k = rng.randint(1, 6)
    problem = (f"A ladder reaches {b * k} m up a wall, and its foot is {a * k} m from the wall. "
               f"How long is the ladder?")
    steps = [f"The ladder is the hypotenuse: sqrt({a * k}^2 + {b * k}^2).",
             f"{a * k}^2 + {b * k}^2 = {(a * k) ** 2} + {(b * k) ** 2} = {(c * k) ** 2}.",
             f"sqrt({(c * k) ** 2}) = {c * k} m."]
    return problem, steps, f"{c * k} m"


TEMPLATES = [shopping, discount, travel, joint_work, linear_equation, rectangle, average, ratio, interest,
             recipe, handshakes, ages, arithmetic_sequence, right_triangle]


def math_documents(count: int = 420, seed: int = 1234) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        template = TEMPLATES[number % len(TEMPLATES)]
        problem, steps, answer = template(rng)
        text = f"Problem: {problem}\n\nSolution:\n" + "\n".join(steps) + f"\n\nAnswer: {answer}"
        rows.append({"id": f"math/{number:04d}", "text": text, "template": template.__name__,
                     "source": f"generated by scripts/math_set.py (seed {seed})", "license": "Apache-2.0"})
    return rows
