package synth

// ageGroups5 are the weights of the five-year groups 0–4 … 95–99, 100+.
var (
	ruralAges = [21]float64{2.4, 2.9, 3.4, 3.9, 4.2, 4.4, 4.6, 5.2, 6.2, 7.0, 7.6, 7.9, 7.6, 7.0, 6.8, 6.0, 5.0, 3.9, 2.0, 0.6, 0.08}
	urbanAges = [21]float64{3.8, 4.5, 5.0, 5.2, 5.4, 5.5, 5.6, 6.2, 7.5, 8.0, 7.8, 7.4, 6.6, 5.6, 4.8, 4.0, 3.0, 2.0, 0.9, 0.25, 0.03}
)

// maleShare is the share of men in each five-year group (women live longer).
func maleShare(group int) float64 {
	switch {
	case group < 12:
		return 0.512
	case group < 15:
		return 0.49
	case group < 17:
		return 0.44
	case group < 18:
		return 0.38
	default:
		return 0.30
	}
}

// Country is a nationality: its INE code, name, whether it is an EU/EEA
// state (no two-year renewal), and its weight among the foreign residents.
type Country struct {
	Code   string
	Name   string
	EU     bool
	Weight float64
}

// Spain is the INE country code of Spain.
const Spain = "108"

// Countries are the nationalities of the foreign residents. Codes 101–116
// are in shared/data/paises_ine.csv; the others follow the same INE list as
// remembered, UNVERIFIED (fixtures for the demo, replace with the INE list).
var Countries = []Country{
	{"258", "Marruecos", false, 30},
	{"127", "Rumanía", true, 22},
	{"123", "Portugal", true, 8},
	{"310", "Colombia", false, 10},
	{"326", "Venezuela", false, 7},
	{"406", "China", false, 5},
	{"135", "Ucrania", false, 5},
	{"104", "Bulgaria", true, 5},
	{"115", "Italia", true, 3},
	{"110", "Francia", true, 2},
	{"318", "Ecuador", false, 3},
}

// CountryName returns the name of an INE country code ("España" for 108),
// or the code itself when unknown.
func CountryName(code string) string {
	if code == Spain {
		return "España"
	}
	for _, c := range Countries {
		if c.Code == code {
			return c.Name
		}
	}
	if n, ok := european[code]; ok {
		return n
	}
	return "País " + code
}

var european = map[string]string{"101": "Albania", "102": "Austria", "103": "Bélgica", "104": "Bulgaria",
	"105": "Checoslovaquia", "106": "Chipre", "107": "Dinamarca", "109": "Finlandia", "110": "Francia",
	"111": "Grecia", "112": "Hungría", "113": "Irlanda", "114": "Islandia", "115": "Italia", "116": "Liechtenstein"}

// IsEU reports whether an INE country code is an EU/EEA state (or Spain).
func IsEU(code string) bool {
	if code == Spain {
		return true
	}
	for _, c := range Countries {
		if c.Code == code {
			return c.EU
		}
	}
	_, ok := european[code]
	return ok && code != "101"
}

var femaleNames = []string{"María", "Carmen", "Josefa", "Isabel", "Ana María", "María Pilar", "Dolores", "Laura",
	"Lucía", "María Teresa", "Ana", "Cristina", "Marta", "Antonia", "Francisca", "Rosa", "Paula", "Sara", "Elena",
	"Raquel", "Manuela", "Mercedes", "Julia", "Sofía", "Irene", "Alba", "Martina", "Nerea", "Inmaculada", "Guadalupe",
	"Montaña", "Remedios", "Encarnación", "Concepción", "Petra"}

var maleNames = []string{"Antonio", "José", "Manuel", "Francisco", "Juan", "David", "José Antonio", "Javier",
	"Daniel", "José Luis", "Jesús", "Carlos", "Miguel", "Alejandro", "Rafael", "Pedro", "Ángel", "Pablo", "Sergio",
	"Fernando", "Luis", "Jorge", "Alberto", "Álvaro", "Diego", "Hugo", "Mario", "Lucas", "Julián", "Emilio",
	"Florencio", "Eusebio", "Valentín", "Gregorio"}

var surnames = []string{"García", "González", "Rodríguez", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
	"Gómez", "Martín", "Jiménez", "Hernández", "Ruiz", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Gutiérrez",
	"Alonso", "Navarro", "Torres", "Domínguez", "Ramos", "Vázquez", "Gil", "Serrano", "Morales", "Durán", "Bravo",
	"Sánchez-Arjona", "Iglesias", "Rubio", "Cordero", "Mateos", "Barrado", "Ciudad", "Rosado", "Pulido", "Solís",
	"Montero", "Caballero", "Núñez", "Holguín", "Calle", "Chamorro", "Plaza", "Hurtado", "Gallardo", "Carrasco"}

// foreignNames are given names and surnames by nationality (a few each).
var foreignNames = map[string][3][]string{
	"258": {{"Fátima", "Khadija", "Amina", "Nadia"}, {"Mohamed", "Ahmed", "Youssef", "Hassan"}, {"El Amrani", "Benali", "Bouzid", "Alaoui", "Tahiri"}},
	"127": {{"Elena", "Ioana", "Andreea", "Maria"}, {"Ion", "Andrei", "Vasile", "Mihai"}, {"Popescu", "Ionescu", "Dumitru", "Stan", "Munteanu"}},
	"406": {{"Li", "Mei", "Xiu"}, {"Wei", "Jun", "Hao"}, {"Wang", "Chen", "Zhang", "Liu"}},
	"135": {{"Olena", "Iryna", "Natalia"}, {"Oleksandr", "Serhiy", "Andriy"}, {"Kovalenko", "Shevchenko", "Bondarenko"}},
	"104": {{"Desislava", "Petya"}, {"Georgi", "Dimitar"}, {"Petrov", "Ivanov", "Georgiev"}},
}

// provincesOfBirth are where Spaniards not born in the municipality were
// born, with weights (most in the province itself, then Badajoz, Madrid...).
var provincesOfBirth = []struct {
	Code   string
	Weight float64
}{{"10", 70}, {"06", 10}, {"28", 8}, {"45", 2}, {"37", 3}, {"08", 2}, {"41", 2}, {"05", 1}, {"46", 1}, {"48", 1}}
