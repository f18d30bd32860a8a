package io.smsync.classify;

import java.util.List;

/**
 * The default categories. Descriptions are written for the LLM; keywords, patterns and examples feed
 * the offline classifier: keywords favour phrases that rarely appear outside their category, examples
 * are typical texts to a small business's line. Spam has none: the offline classifier leaves it to
 * the trained spam model.
 */
final class BuiltInCategories {
    static final Category URGENT = new Category("urgent",
            "Needs action now: an emergency, danger, damage in progress (leak, flood, fire, gas, no power or heat),"
                    + " someone hurt, or the sender explicitly says it is urgent.",
            List.of("urgent", "urgently", "emergency", "asap", "as soon as possible", "immediately", "right now",
                    "right away", "please help", "need help", "help me", "sos", "911", "danger", "dangerous", "critical", "burst", "leak",
                    "leaking", "flood", "flooded", "flooding", "water everywhere", "fire", "smoke", "gas leak",
                    "smell gas", "no heat", "no heating", "no power", "no water", "power cut", "outage", "broke down",
                    "broken down", "locked out", "injured", "hurt", "bleeding", "ambulance", "accident", "police"),
            List.of("!{3,}"),
            null,
            List.of(
                    "There's a gas smell in the kitchen, can someone come out now",
                    "Water is pouring through the ceiling, please come quickly",
                    "Our heating has packed in and it's freezing, we have a newborn",
                    "Power has gone off in the whole shop and the freezers are defrosting",
                    "Someone has been hurt on the stairs outside your office",
                    "The boiler is making a banging noise and leaking everywhere",
                    "Smoke coming out of the fuse box, what do I do",
                    "Front door lock is broken and I can't secure the house tonight",
                    "My tooth cracked and the pain is unbearable, can you see me today",
                    "Sewage is backing up into the basement"));

    static final Category APPOINTMENT = new Category("appointment",
            "Booking, confirming, moving or cancelling an appointment, reservation, visit or meeting,"
                    + " or asking about available dates and times.",
            List.of("appointment", "appointments", "appt", "book", "booking", "booked", "rebook", "reschedule",
                    "rescheduling", "schedule", "reserve", "reservation", "slot", "availability", "available",
                    "are you free", "cancel my", "move my", "confirm my", "visit", "consultation", "meeting",
                    "check-up", "checkup", "tomorrow", "tonight", "next week", "this week"),
            List.of("\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\\b",
                    "\\b\\d{1,2}(:\\d{2})?\\s?(am|pm)\\b",
                    "\\b([01]?\\d|2[0-3]):[0-5]\\d\\b",
                    "\\b\\d{1,2}(st|nd|rd|th)\\b"),
            null,
            List.of(
                    "Can I book a haircut for Saturday morning?",
                    "Do you have any availability next Tuesday afternoon?",
                    "I need to move my appointment from Friday to Monday",
                    "Could you fit me in for a cleaning this week?",
                    "Table for 4 at 7pm tonight please",
                    "I'd like to cancel my booking on the 14th",
                    "What times have you got free on Thursday?",
                    "Running a bit late, be there in 15 minutes",
                    "Can someone come and look at the boiler on Wednesday?",
                    "Confirming my 10:30 with Sarah tomorrow"));

    static final Category QUESTION = new Category("question",
            "Asks for information: opening hours, prices, services, availability of a product, how something works,"
                    + " where or when something is. Not a complaint and not a booking.",
            List.of("what", "why", "when", "where", "which", "who", "how", "how much", "how long", "do you", "does",
                    "is there", "are there", "are you", "can you", "could you", "would you", "is it possible",
                    "wondering", "question", "info", "information", "opening hours", "open", "price", "prices",
                    "cost", "quote"),
            List.of("\\?"),
            null,
            List.of(
                    "What time do you close on Sundays?",
                    "How much is a full service?",
                    "Do you take card payments?",
                    "Where can I park when I visit?",
                    "Are you open on bank holidays?",
                    "Do you sell gift vouchers?",
                    "Can you do gluten free?",
                    "What's your price for a small extension?",
                    "Do you deliver to the town centre?",
                    "Is there an extra charge for weekends?"));

    static final Category COMPLAINT = new Category("complaint",
            "Unhappy with a product, service, bill or person: a complaint, a refund demand, a wrong or double"
                    + " charge, poor quality, rudeness, long waits or a threat to leave.",
            List.of("complaint", "complain", "complaining", "refund", "money back", "worst", "terrible", "awful",
                    "horrible", "disgusting", "disappointed", "disappointing", "unacceptable", "ridiculous",
                    "not happy", "unhappy", "rude", "useless", "poor service", "bad service", "never again",
                    "overcharged", "charged twice", "double charged", "charged me", "still waiting",
                    "still not", "no one", "nobody", "not working", "doesn't work", "wrong", "scam", "fed up",
                    "sick of", "manager", "cancel my account", "lawyer"),
            List.of(),
            null,
            List.of(
                    "I'm really not happy with the work you did",
                    "The food was cold and the service was slow",
                    "You charged me twice for the same job",
                    "I've been waiting two weeks and still no reply",
                    "The repair has failed again after three days",
                    "Your staff were very rude to my mother",
                    "This is the third time my order has been wrong",
                    "I want my money back, the product is faulty",
                    "Nobody turned up yesterday and I took the day off",
                    "The price on the invoice is much higher than the quote"));

    static final Category SPAM = new Category("spam",
            "Unsolicited marketing or a scam: prize or lottery wins, free gifts, suspicious links, loans, crypto,"
                    + " 'text X to 80082' offers, or messages clearly not meant for this business.",
            // The spam model decides spam; keywords here would only add false alarms.
            List.of(),
            List.of(),
            null);

    static final Category OTHER = new Category(Categories.OTHER,
            "Anything else: thanks, acknowledgements, greetings, small talk, or a message that fits no other category.",
            List.of("thanks", "thank you", "thx", "cheers", "ok", "okay", "got it", "sounds good", "no worries",
                    "perfect", "bye"),
            List.of(),
            null,
            List.of(
                    "Thanks so much, see you then",
                    "Ok great",
                    "Perfect, thank you",
                    "Hi it's Anna",
                    "Happy new year to you all!",
                    "Sorry wrong number",
                    "No worries",
                    "Great job yesterday, thanks again",
                    "Sounds good",
                    "Haha yes will do"));

    static final List<Category> ALL = List.of(URGENT, APPOINTMENT, QUESTION, COMPLAINT, SPAM, OTHER);

    private BuiltInCategories() {
    }
}
