package access

// SignedIn is any signed-in person: the level routes had before they
// declared permissions. It goes once every route declares its own.
const SignedIn Permission = "sesion"
