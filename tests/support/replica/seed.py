"""The one real page we have: the visible text of an English article (the seed).

Everything else the replica serves is generated; this is the reference for
what a page shows, in what order.
"""

TITLE = "West ignored Russia main security concerns - Putin to Macron"
AUTHOR = "Al Mayadeen Net"
SOURCE = "Agencies"
PUBLISHED = (2022, 1, 28, 18, 57)
MINUTES = 3
LEAD = ("The United States and NATO ignored Russia's key demands on security guarantees as the "
        "situation grows tenser over Ukraine, but Moscow will not take any action.")
CAPTION = "French President Emmanuel Macron with Russian President Vladimir Putin"
SUBHEADINGS = {"Ball in Putin's court: West"}
PARAGRAPHS = [
    "The US and NATO's responses to Russia's proposals for security guarantees disregarded the "
    "latter's principal concerns. However, Moscow is going to hold off from taking immediate "
    "action, President Vladimir Putin told Friday his French counterpart Emmanuel Macron.",
    "Russia had talks with the US and NATO in Geneva over each other's security concerns, and "
    "Russia sees that its demands have been ignored.",
    "Putin and Macron spoke over the phone as NATO and the United States are trying to reach an "
    "agreement to ease tensions over Ukraine.",
    "The west is accusing Russia of planning a military invasion of its western neighbor, but "
    "Moscow denies these allegations. At the same time, the Kremlin is asking for security "
    "guarantees from the West regarding NATO's eastward expansion.",
    "\"The US and NATO responses still do not consider Russia's principal concerns, such as "
    "prevention of NATO expansion eastward, abandoning deployment of strike systems close to the "
    "Russian borders,\" Putin told Macron, a Kremlin readout of the call said.",
    "The Russian leader said the key question was ignored, highlighting the principle of the "
    "indivisibility of security in international affairs, which stipulates that no country should "
    "strengthen its security at the expense of others.",
    "Moscow will carefully study the western responses, \"After which it will decide on further "
    "actions.\"",
    "Putin also stressed that NATO was backtracking its military capacity and infrastructure in "
    "Europe to the position of 1997 when the Founding Act between Moscow and Brussels was signed.",
    "Mounting security concerns over Ukraine come as the West accuses Russia of planning an "
    "invasion of its western neighbor despite Russian dismissal.",
    "Russia insists that it has no intention of attacking any country, and the Kremlin sees the "
    "Western accusations as a pretext to deploy more NATO military equipment close to Russia's "
    "borders.",
    "Ball in Putin's court: West",
    "French Foreign Minister Jean-Yves Le Drian told RTL radio it was up to President Putin to "
    "\"say if he wants confrontation or consultation,\" stressing that the West was \"ready for "
    "consultation. But it still takes two to do it.\"",
    "\"Now, the ball is in Putin's court,\" he added.",
    "Paris had praised Wednesday the talks between Russia and Ukraine, seeing them as a positive "
    "signal.",
    "Paris also hailed its talks with Germany, which lead to the first written statement on the "
    "conflict in eastern Ukraine signed by Moscow and Kyiv in 2019.",
    "The two nations agreed to preserve a ceasefire in eastern Ukraine, where separatists declared "
    "breakaway regions, namely the self-proclaimed Donetsk People's Republic and Lugansk People's "
    "Republic, and to hold fresh talks in Berlin next month.",
    "During Russian-US talks on the situation in Ukraine, the two sides focused on infighting in "
    "Ukraine, and they stressed the necessity of Kyiv implementing a full set of measures as "
    "quickly as possible to establish a direct dialogue with the authorities of the Donetsk and "
    "Lugansk People's Republics.",
    "Putin reiterated Friday the Russian stance, telling Macron it was important for Ukrainian "
    "authorities to establish a direct dialogue with separatist leaders.",
    "Taking into account the results of the meeting in Paris, the Kremlin said, \"The mood for "
    "further work of Russia and France in this format was confirmed.\"",
]
TAGS = ["United States", "Nato", "Lugansk", "Russia", "Germany", "Emmanuel Macron", "France",
        "Donetsk", "Ukraine", "Vladimir Putin", "Donbas"]
# The `keywords` string repeats some tags, as the site's does.
KEYWORDS = ", ".join(TAGS + ["Russia", "NATO", "Ukraine"])

BREAKING = [
    "Russia leaves intergovernmental agreement with countries of Euro-Arctic region on "
    "cooperation in emergency prevention and response: Moscow",
    "PIJ: These reports aim to sow discord and incite against our Palestinian people and the camps",
    "PIJ: We deny reports that the movement is strengthening its capabilities in Syria",
    "Taiwan\u2019s President: Taiwan will adopt a self-defense strategy to confront China\u2019s threats.",
    "Taiwan\u2019s President: \u201cOne country, two regimes\u201d is a red line for Taiwan.",
    "Taiwan\u2019s President: Beijing continues to increase military drills and gray zone "
    "harassment near Taiwan.",
    "Palestinian sources: Apache helicopters open fire over Tubas in northern West Bank.",
    "No specific date for a ceasefire in Ukraine, Trump says.",
    "Witkoff will meet Putin in Moscow next week, Trump says",
    "Trump: The 28-point plan for Ukraine is but a map.",
]
