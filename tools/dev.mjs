console.log("dev placeholder")
