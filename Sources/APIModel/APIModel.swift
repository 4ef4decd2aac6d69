public enum APIModelPlaceholder {}
