package sweep.data;

import java.util.Arrays;
import java.util.List;

/** The fixed word lists of the receipt generator. Words are in their natural case; receipts may upper-case them. */
final class Lexicon {
  private Lexicon() {}

  static List<String> words(String spaceSeparated) {
    return List.of(spaceSeparated.trim().split("\\s+"));
  }

  static List<List<String>> phrases(String... phrases) {
    return Arrays.stream(phrases).map(Lexicon::words).toList();
  }

  static final List<List<String>> MERCHANTS = phrases(
      "Fresh Mart", "Green Leaf Grocery", "Joe's Diner", "Corner Bakery", "Sunrise Cafe", "Harbor Fish Market",
      "Maple Street Deli", "Golden Dragon", "Pizza Palace", "Bella Italia Trattoria", "Quick Stop", "Value Foods",
      "City Pharmacy", "Hilltop Hardware", "The Book Nook", "Red Barn Farm Store", "Ocean Breeze Grill", "Taco Fiesta",
      "Noodle House", "Urban Coffee Roasters", "The Daily Grind", "Mega Saver", "Northside Market", "Village Pantry",
      "Le Petit Café", "Burger Barn", "Sushi Zen", "Wellness Drugstore", "Pet Palace", "Garden Center Plus",
      "Paper & Pen", "Sweet Tooth Candy", "Kwik Fuel", "Lucky Star Supermarket", "Metro Wholesale Club",
      "Peak Outdoor Supply", "Crescent Moon Bistro", "Smith & Sons Butchers", "Baker Street Bagels", "Tandoori Nights",
      "Casa Miguel", "Nordic Bakehouse", "Marcello's", "Shopwell", "Zestify", "Brightside Books", "Kaffeehaus Adler",
      "Boulangerie Dupont");

  static final List<String> ITEM_NOUNS = words("""
      Bananas Apples Oranges Grapes Lemons Limes Avocado Tomatoes Potatoes Onions Garlic Carrots Celery Lettuce
      Spinach Kale Broccoli Cucumber Peppers Mushrooms Corn Beans Peas Rice Pasta Spaghetti Noodles Bread Bagel
      Croissant Muffin Donut Cookies Crackers Chips Pretzels Popcorn Cereal Oatmeal Granola Milk Cream Butter Cheese
      Yogurt Eggs Bacon Ham Sausage Chicken Beef Pork Turkey Salmon Tuna Shrimp Tofu Soup Salad Sandwich Burger
      Cheeseburger Fries Pizza Taco Burrito Nachos Wings Steak Ribs Sushi Ramen Curry Dumplings Wrap Panini Omelette
      Pancakes Waffles Toast Coffee Latte Cappuccino Espresso Mocha Americano Tea Chai Juice Soda Cola Lemonade Water
      Smoothie Beer Wine Cider Kombucha Chocolate Candy Gum Honey Jam Peanuts Almonds Walnuts Cashews Raisins Ketchup
      Mustard Mayo Salsa Hummus Oil Vinegar Sugar Flour Salt Cinnamon Soap Shampoo Toothpaste Detergent Towels
      Tissues Napkins Batteries Lightbulb Candles Sponge Foil Bags Diapers Wipes Vitamins Aspirin Bandages Notebook
      Pens Pencils Tape Glue Envelopes Magazine Novel Charger Cable Gloves Socks Hammer Nails Screws Paint Brush
      Seeds Soil Fertilizer Leash Kibble Treats Litter Cake Pie Brownie Cupcake Tart Scone Pudding Gelato Sorbet
      Fudge Lasagna Ravioli Risotto Gnocchi Falafel Kebab Gyro Pho Bibimbap Tempura Edamame Miso Naan Samosa Biryani
      Tikka Quesadilla Enchilada Churros Guacamole Brezel Baguette Crêpe Éclair Strudel Quiche Zucchini Eggplant
      Cabbage Cauliflower Asparagus Radish Beets Pumpkin Squash Pears Peaches Plums Cherries Berries Melon
      Watermelon Pineapple Kiwi Mango Papaya Figs Dates Lentils Chickpeas Quinoa Couscous Tortillas Pita Rolls Buns
      Biscuits Waffle Syrup Nutella Margarine Kefir Ricotta Feta Brie Gouda Salami Prosciutto Chorizo Meatballs
      Lamb Duck Cod Trout Sardines Mussels Lobster Crab Scallops Broth Stock Gravy Pesto Marinara Relish Pickles
      Olives Capers Paprika Oregano Basil Thyme Nutmeg Ginger Turmeric Cocoa Matcha Cocktail Margarita
      Whiskey Vodka Lager Stout Prosecco Champagne Sparkling Tonic Milkshake Frappe Nuggets Hotdog
      Pretzel Bagels Cupcakes Macarons Cheesecake Tiramisu Donuts Lollipop Marshmallows Toffee""");

  static final List<String> ITEM_ADJECTIVES = words("""
      Organic Fresh Large Small Medium Whole Sliced Diced Frozen Sweet Spicy Mild Hot Iced Grilled Fried Baked
      Roasted Smoked Vegan Plain Classic Original Lite Lowfat Skim Double Single Extra Mini Jumbo Family Premium
      Green Red White Brown Wild Garlic Lemon Cherry Strawberry Blueberry Apple Orange Mango Coconut Almond Oat Soy
      Greek Italian Swiss Cheddar Mozzarella Parmesan Sourdough Wheat Multigrain Rye Decaf Dark Vanilla Peach
      Crispy Creamy Crunchy Salted Unsalted Toasted Chopped Shredded Grated Whipped Glazed Stuffed Marinated
      Seasonal Homemade Artisan Rustic Golden Mixed Assorted Natural Raw Light Bold Tropical Mediterranean Mexican
      Thai Korean Japanese Indian French Spanish Smoky Tangy Zesty Herbal Caramel Hazelnut Pistachio Raspberry""");

  static final List<String> BRANDS = words("""
      Acme Nordia Sunfield Brightway Kelso Farmhouse Bluewave Goldcrest Oakridge Pinecrest Riverbend Silverline Topaz
      Zenith Heartland Seaside Meadowbrook Cascade Evergreen Harvest""");

  static final List<String> SIZES =
      words("12oz 16oz 32oz 1L 2L 500ml 330ml 1lb 2lb 5lb 500g 1kg 250g 6pk 12pk 24ct 2% 1% XL");

  static final List<String> STREET_NAMES = words("""
      Main Oak Maple Pine Cedar Elm Washington Lincoln Park Lake Hill River Market Church High Station Broadway Sunset
      Highland Center Mill Spring Bridge King Queen Victoria Union Franklin Jefferson Madison""");

  static final List<String> STREET_SUFFIXES = words("St Street Ave Avenue Rd Road Blvd Dr Drive Ln Way Pl Ct");

  static final List<String> DIRECTIONS = words("N S E W");

  static final List<String> UNIT_WORDS = words("Suite Unit");

  static final List<String> MONTHS = words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec");

  static final List<String> WEEKDAYS = words("Mon Tue Wed Thu Fri Sat Sun");

  static final List<String> TAX_FLAGS = words("A B T N F");

  static final List<String> SEPARATORS = words("-------- ======== ******** ----------------");

  static final List<String> CASHIERS = words("Maria Tom Anna Luis Priya Chen Olga Sam Fatima Ben Julia Kenji");

  static final List<List<String>> TAGLINES = phrases(
      "Since 1987", "Open 7 days a week", "Family owned", "Quality you can trust", "Proudly local");



  static final List<List<String>> PHONE_KEYWORDS = phrases("Tel:", "Phone:", "Ph", "Tel.");







  static final List<List<String>> CARD_DETAIL_KEYWORDS = phrases("Card #", "Auth Code:", "Ref #", "Approval:");


  static final List<List<String>> TRANSACTION_KEYWORDS = phrases(
      "Receipt #", "Trans", "Reg", "Cashier:", "Server:", "Table", "Guests:", "Order #", "Store #", "Items:");
}
